package dev.gpumagics.report;

import dev.gpumagics.watch.CellRecord;

/**
 * A {@code %gpuwatch} record as one line of text: {@code gpuwatch: 1.52 s | host RSS +64.0 MiB (peak +64.0 MiB, now
 * 476 MiB), JavaCPP +0 B | GPU 0 allocated +64.0 MiB, reserved +80.0 MiB (peak +128 MiB), free 66.7 GiB | x new 64.0 MiB}.
 * Changes are signed; a peak is how far memory rose above where the cell started, "sampled" where no counter kept it.
 */
public final class CellRecordText {

    private CellRecordText() {}

    public static String line(CellRecord record) {
        return "gpuwatch: " + String.join(" | ", CellRecordWords.parts(record, CellRecordWords.Style.PLAIN));
    }
}
