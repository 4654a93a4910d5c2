package dev.gpumagics.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What of JPY_SESSION_NAME goes into the record, which every user can read: the file name unless its owner says otherwise. */
class NotebookSharingTest {

    private static final Optional<String> SESSION = Optional.of("/home/alice/thesis/chapter-3/train.ipynb");

    private static Optional<String> shown(Map<String, String> env) {
        return NotebookSharing.fromEnvironment(env).sharing().shown(SESSION);
    }

    @Test
    void byDefaultTheFileNameAloneThePathOrNothingWhenTheOwnerSays() {
        assertEquals(Optional.of("train.ipynb"), shown(Map.of()));
        assertEquals(Optional.of("/home/alice/thesis/chapter-3/train.ipynb"), shown(Map.of("GPUMAGICS_SHOW_NOTEBOOK", "path")));
        assertEquals(Optional.empty(), shown(Map.of("GPUMAGICS_SHOW_NOTEBOOK", "none")));
        assertEquals(Optional.empty(), NotebookSharing.NAME.shown(Optional.empty()), "no JPY_SESSION_NAME: no notebook");
        assertEquals(Optional.of("train.ipynb"), NotebookSharing.NAME.shown(Optional.of("train.ipynb")), "a bare name as it is");
    }

    @Test
    void aValueNotUnderstoodShowsLessNotMoreAndSaysSo() {
        NotebookSharing.Choice odd = NotebookSharing.fromEnvironment(Map.of("GPUMAGICS_SHOW_NOTEBOOK", "everything"));
        assertEquals(NotebookSharing.NONE, odd.sharing());
        assertEquals(Optional.of("GPUMAGICS_SHOW_NOTEBOOK=everything is not one of name, path or none: the notebook is not shown to others"),
                odd.problem());
    }

    @Test
    void aPathLongerThanARecordHoldsKeepsItsEnd() {
        String deep = "/" + "very-long-folder/".repeat(40) + "train.ipynb";
        String kept = NotebookSharing.PATH.shown(Optional.of(deep)).orElseThrow();
        assertEquals(RecordFormat.TEXT_LIMIT, kept.length());
        assertEquals(true, kept.startsWith("...") && kept.endsWith("/train.ipynb"));
    }
}
