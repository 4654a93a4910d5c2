package dev.gpumagics.vars;

import java.util.List;

/**
 * One block of tensor memory that notebook variables reach, however many views of it they hold.
 *
 * @param key the libtorch storage's identity within this process
 * @param bytes the storage's size
 * @param device as libtorch prints it: {@code cpu}, {@code cuda:0}
 * @param onGpu whether it is device memory
 * @param holders the variables that reach it, in binding order
 */
public record HeldStorage(long key, long bytes, String device, boolean onGpu, List<String> holders) {

    public boolean shared() {
        return holders.size() > 1;
    }
}
