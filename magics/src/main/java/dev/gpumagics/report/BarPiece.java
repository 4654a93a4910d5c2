package dev.gpumagics.report;

/**
 * The pieces of a device's bar, in the bar's order from the left, each with its colour. Neighbours in
 * this order differ in lightness by a contrast ratio of 3:1 or more, and a white line parts every two
 * pieces that meet, since a piece between them may be empty.
 */
public enum BarPiece {
    TENSORS("this kernel: tensors", "tensors (allocated)", 0x1f4e9c),
    CACHE("this kernel: cache", "cache (reserved, unallocated)", 0x8fbce6),
    CONTEXT("this kernel: context and libraries", "context and libraries", 0x5b3a8c),
    /** This kernel as one piece, where the allocator's counters do not split it. */
    KERNEL("this kernel", "this kernel", 0x1f4e9c),
    OTHERS("other processes", "other processes", 0xf28e2b),
    OTHER_USED("other used (driver, unlisted processes)", "other used (driver, unlisted processes)", 0x4d4d4d),
    FREE("free", "free", 0xe6e6e6);

    private final String label;
    private final String row;
    private final int rgb;

    BarPiece(String label, String row, int rgb) {
        this.label = label;
        this.row = row;
        this.rgb = rgb;
    }

    /** What the piece is, alone: a tooltip, an image's text. */
    public String label() {
        return label;
    }

    /** What the piece is in the legend table, where the kernel's pieces sit under "this kernel". */
    public String row() {
        return row;
    }

    /** {@code 0xRRGGBB}. */
    public int rgb() {
        return rgb;
    }
}
