package dev.gpumagics.internal.torch;

/** One extra reference on a storage, taken before a release to learn afterwards whether anything else still holds it. */
public interface StorageHold extends AutoCloseable {

    /** References to the storage beyond this hold: zero means closing the hold frees the memory. */
    long otherHolders();

    /** Drops the hold; frees the storage when {@link #otherHolders()} was zero. */
    @Override
    void close();
}
