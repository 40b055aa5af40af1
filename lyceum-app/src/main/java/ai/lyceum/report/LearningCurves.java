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
 * The demo's plot: held-out pass@1 against RL step for each algorithm (mean over seeds, with the range across
 * seeds as a shaded band), and below it the share of trained sequences that were guided.
 */
public final class LearningCurves {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)};

    private LearningCurves() {}

    /** One algorithm's curves over seeds: {@code values[seed][i]} at {@code steps[i]}. */
    public record Curves(int[] steps, double[][] values) {}

    /**
     * @param heldOut      per algorithm, the held-out pass@1 curves
     * @param guidedShare  per algorithm that used guidance, the guided share of trained sequences by step
     */
    public static void write(Path png, Map<String, Curves> heldOut, Map<String, Curves> guidedShare) throws IOException {
        XYChart top = new XYChartBuilder().width(900).height(480).title("Held-out greedy pass@1")
                .xAxisTitle("RL step").yAxisTitle("pass@1").build();
        XYChart bottom = new XYChartBuilder().width(900).height(260).title("Guided share of trained sequences")
                .xAxisTitle("RL step").yAxisTitle("share").build();
        for (XYChart c : new XYChart[] {top, bottom}) {
            var style = c.getStyler();
            style.setYAxisMin(0.0);
            style.setYAxisMax(1.0);
            style.setChartBackgroundColor(Color.WHITE);
            style.setPlotGridLinesVisible(true);
        }
        int i = 0;
        for (var e : heldOut.entrySet()) addBand(top, e.getKey(), e.getValue(), COLORS[i++ % COLORS.length]);
        i = 1;
        for (var e : guidedShare.entrySet()) addBand(bottom, e.getKey(), e.getValue(), COLORS[i++ % COLORS.length]);
        BufferedImage a = BitmapEncoder.getBufferedImage(top), b = BitmapEncoder.getBufferedImage(bottom);
        var out = new BufferedImage(Math.max(a.getWidth(), b.getWidth()), a.getHeight() + b.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, 0, a.getHeight(), null);
        g.dispose();
        ImageIO.write(out, "png", png.toFile());
    }

    private static void addBand(XYChart chart, String name, Curves c, Color color) {
        int n = c.steps().length;
        double[] x = new double[n], mean = CurveStats.mean(c.values()), low = new double[n], high = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = c.steps()[i];
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

    private static void style(XYSeries s, Color color, float width) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width));
    }
}
