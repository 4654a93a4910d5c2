package dev.gpumagics.context;

import java.time.Duration;

/**
 * A thread called into a GPU library while this process is parked, and its resume could not be done yet: the
 * thread waits, and the resume is tried again every {@code retryAfter}. Said once per park, where the user can see it.
 *
 * @param thread the thread and the native method it waits in
 * @param why the last try's outcome: a refusal (no room yet) or a failure
 */
public record StillWaiting(String thread, ContextOutcome why, Duration retryAfter) {}
