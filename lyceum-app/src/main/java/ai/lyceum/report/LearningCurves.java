package ai.lyceum.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo's plot: held-out pass@1 against RL step and against rollouts sampled for each arm (mean over seeds,
 * with the range across seeds as a shaded band), and below them the share of trained sequences that were guided.
 */
public final class LearningCurves {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

    private LearningCurves() {}

    /** One arm's curves over seeds: {@code values[seed][i]} at {@code x[i]}. */
    public record Curves(double[] x, double[][] values) {}

    /**
     * @param bySteps      per arm, the held-out pass@1 curves against RL step
     * @param byRollouts   per arm, the same curves against cumulative rollouts sampled (mean over seeds)
     * @param guidedShare  per arm that used guidance, the guided share of trained sequences by step
     */
    public static void write(Path png, Map<String, Curves> bySteps, Map<String, Curves> byRollouts,
            Map<String, Curves> guidedShare) throws IOException {
        XYChart top = new XYChartBuilder().width(900).height(420).title("Held-out greedy pass@1 against RL steps")
                .xAxisTitle("RL step").yAxisTitle("pass@1").build();
        XYChart middle = new XYChartBuilder().width(900).height(420)
                .title("Held-out greedy pass@1 against rollouts sampled (every role)")
                .xAxisTitle("rollouts sampled").yAxisTitle("pass@1").build();
        XYChart bottom = new XYChartBuilder().width(900).height(240).title("Guided share of trained sequences")
                .xAxisTitle("RL step").yAxisTitle("share").build();
        for (XYChart c : new XYChart[] {top, middle, bottom}) {
            var style = c.getStyler();
            style.setYAxisMin(0.0);
            style.setYAxisMax(1.0);
            style.setChartBackgroundColor(Color.WHITE);
            style.setPlotGridLinesVisible(true);
        }
        var colors = new java.util.HashMap<String, Color>();
        for (String arm : bySteps.keySet()) colors.put(arm, COLORS[colors.size() % COLORS.length]);
        bySteps.forEach((arm, c) -> addBand(top, arm, c, colors.get(arm)));
        byRollouts.forEach((arm, c) -> addBand(middle, arm, c, colors.get(arm)));
        guidedShare.forEach((arm, c) -> addBand(bottom, arm, c, colors.getOrDefault(arm, COLORS[1])));
        stack(png, java.util.List.of(top, middle, bottom));
    }

    /** One chart of a stacked plot: per arm, curves over seeds against a shared x. */
    public record Panel(String title, String xTitle, String yTitle, Map<String, Curves> curves, double yMax) {}

    /** Stacks {@code panels} top to bottom into one PNG, every arm in the same colour on each. */
    public static void writePanels(Path png, java.util.List<Panel> panels) throws IOException {
        var colors = new java.util.HashMap<String, Color>();
        var charts = new java.util.ArrayList<XYChart>();
        for (Panel p : panels) {
            XYChart chart = new XYChartBuilder().width(900).height(360).title(p.title()).xAxisTitle(p.xTitle())
                    .yAxisTitle(p.yTitle()).build();
            var style = chart.getStyler();
            style.setYAxisMin(0.0);
            style.setYAxisMax(p.yMax());
            style.setChartBackgroundColor(Color.WHITE);
            style.setPlotGridLinesVisible(true);
            p.curves().forEach((arm, c) -> addBand(chart, arm, c, colors.computeIfAbsent(arm, a -> COLORS[colors.size() % COLORS.length])));
            charts.add(chart);
        }
        stack(png, charts);
    }

    /** Renders {@code charts} top to bottom on white into one PNG, as wide as the first. */
    static void stack(Path png, java.util.List<XYChart> charts) throws IOException {
        var images = charts.stream().map(BitmapEncoder::getBufferedImage).toList();
        int height = images.stream().mapToInt(BufferedImage::getHeight).sum();
        var out = new BufferedImage(images.getFirst().getWidth(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int y = 0;
        for (var image : images) {
            g.drawImage(image, 0, y, null);
            y += image.getHeight();
        }
        g.dispose();
        ImageIO.write(out, "png", png.toFile());
    }

    private static void addBand(XYChart chart, String name, Curves c, Color color) {
        int n = c.x().length;
        double[] x = c.x(), mean = CurveStats.mean(c.values()), low = new double[n], high = new double[n];
        for (int i = 0; i < n; i++) {
            low[i] = Double.POSITIVE_INFINITY;
            high[i] = Double.NEGATIVE_INFINITY;
            for (double[] seed : c.values()) {
                low[i] = Math.min(low[i], seed[i]);
                high[i] = Math.max(high[i], seed[i]);
            }
        }
        Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 90);
        for (var bound : new Object[][] {{" min", low}, {" max", high}}) {
            XYSeries s = chart.addSeries(name + bound[0], x, (double[]) bound[1]);
            style(s, light, 1f);
            s.setShowInLegend(false);
        }
        XYSeries s = chart.addSeries(name + " (mean of " + c.values().length + " seeds, band = range)", x, mean);
        style(s, color, 2.5f);
    }

    /** A plain line: no markers, the given colour and width. */
    static void style(XYSeries s, Color color, float width) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
    }
}
