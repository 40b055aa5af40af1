package ai.lyceum.dataset;

import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns one data-set row into a task; an environment's whole knowledge of its file format. */
@FunctionalInterface
public interface RowMapper {
    Task map(Row row) throws DatasetException;

    /** Reads a file and maps every row; the first row that does not fit stops the read with its location. */
    default List<Task> read(Path file) throws DatasetException {
        var rows = DatasetReader.read(file);
        var tasks = new ArrayList<Task>(rows.size());
        for (var row : rows) tasks.add(map(row));
        return tasks;
    }
}
