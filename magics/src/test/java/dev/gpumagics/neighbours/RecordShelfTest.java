package dev.gpumagics.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpumagics.context.checkpoint.ProcessOwners;
import dev.gpumagics.idle.IdlePolicy;
import dev.gpumagics.probe.ProcessTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing and believing records, on a stand-in /proc whose processes and owners each test sets. */
class RecordShelfTest {

    static final int OWN = ProcessOwners.proc().ownUid();
    static final long OTHER = OWN == 4321 ? 4322 : 4321;
    static final Instant AT = Instant.parse("2026-12-07T17:00:00Z");

    @TempDir
    Path dir;
    Path parent;
    FakeProc proc;
    RecordShelf shelf;
    RecordReader reader;

    @BeforeEach
    void shelf() throws Exception {
        parent = Files.createDirectories(dir.resolve("shm"));
        proc = new FakeProc(dir.resolve("proc"));
        shelf = new RecordShelf(parent, proc.root, OWN);
        reader = shelf.reader(new ProcessTable(proc.root));
    }

    static KernelRecord record(long pid, long startTick) {
        return KernelRecord.builder(pid, FakeProc.identity(startTick), "GpuMagics").kernelId("7f3a").notebook("train.ipynb")
                .startedAt(AT).lastActivity(AT.plusSeconds(60)).state(KernelState.IDLE)
                .idlePolicy(new IdlePolicy(Optional.of(Duration.ofMinutes(10)), Optional.of(Duration.ofHours(2))))
                .devices(List.of(new HeldOnGpu("0", "GPU-1f2e", OptionalLong.of(12L << 30), OptionalLong.of(4L << 30), OptionalLong.of(8L << 30))))
                .updatedAt(AT.plusSeconds(61)).build();
    }

    private static int mode(Path path) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void aPublishedRecordIsReadBackWholeWithItsUserFromTheProcessTableInAFolderOnlyItsOwnerWrites() throws Exception {
        proc.process(4242, OWN, 9000);
        KernelRecord published = record(4242, 9000);

        Publication.Published where = assertInstanceOf(Publication.Published.class, shelf.publish(published));

        assertEquals(parent.resolve("gpumagics-kernels-" + OWN + "/kernel-4242.json"), where.file());
        assertEquals(0755, mode(where.file().getParent()), "everyone reads, only its user writes");
        assertEquals(0644, mode(where.file()));
        NeighbourKernel seen = reader.read(4242).orElseThrow();
        assertEquals(published, seen.record());
        assertEquals(Optional.of(System.getProperty("user.name")), seen.user(), "the name NSS gives the owner of /proc/PID");
        assertEquals(List.of(seen), reader.list().kernels());
        assertEquals(8L << 30, seen.record().devices().get(0).cacheBytes().getAsLong());
        assertEquals(OptionalLong.of(0), seen.record().devices().get(0).contextBytes());
    }

    @Test
    void aKilledKernelsRecordStaysOnDiskButIsNeverShownAndItsUsersNextKernelSweepsItAway() throws Exception {
        proc.process(4242, OWN, 9000).process(4343, OWN, 9100);
        shelf.publish(record(4242, 9000));
        shelf.publish(record(4343, 9100));

        proc.gone(4242); // SIGKILL: no chance to take the record back
        Path left = shelf.folderOf(OWN).resolve("kernel-4242.json");

        assertTrue(Files.exists(left));
        assertEquals(Optional.empty(), reader.read(4242));
        ShelfListing listing = reader.list();
        assertEquals(List.of(4343L), listing.kernels().stream().map(k -> k.record().pid()).toList());
        assertEquals(List.of(new Ignored(left, Ignored.Why.PROCESS_GONE)), listing.ignored());

        shelf.sweep(AT);
        assertFalse(Files.exists(left));
        assertTrue(Files.exists(shelf.folderOf(OWN).resolve("kernel-4343.json")), "a live kernel's record stays");
    }

    @Test
    void aPidReusedByALaterProcessDoesNotInheritTheOldRecord() throws Exception {
        proc.process(4242, OWN, 9000);
        shelf.publish(record(4242, 9000));
        proc.gone(4242).process(4242, OWN, 15000);

        assertEquals(Optional.empty(), reader.read(4242));
        assertEquals(Ignored.Why.OTHER_START, reader.list().ignored().get(0).why());
    }

    @Test
    void aRecordClaimingAnotherUsersProcessIsIgnoredWhereverItIsWritten() throws Exception {
        proc.process(5151, OTHER, 7000); // bob's kernel, whose record bob never wrote
        Files.createDirectories(shelf.folderOf(OWN));
        Path forged = Files.writeString(shelf.folderOf(OWN).resolve("kernel-5151.json"), RecordFormat.text(record(5151, 7000)));
        // and a folder named for bob that is not bob's
        Path posing = Files.createDirectories(shelf.folderOf(OTHER));
        Files.writeString(posing.resolve("kernel-5151.json"), RecordFormat.text(record(5151, 7000)));

        assertEquals(Optional.empty(), reader.read(5151));
        ShelfListing listing = reader.list();
        assertEquals(List.of(), listing.kernels());
        assertTrue(listing.ignored().contains(new Ignored(forged, Ignored.Why.OTHER_OWNER)), listing.toString());
        assertTrue(listing.ignored().contains(new Ignored(posing, Ignored.Why.OTHER_OWNER)), listing.toString());
    }

    @Test
    void whatIsNoRecordIsIgnoredWithItsReasonAndNothingHangsOnAPipe() throws Exception {
        proc.process(1001, OWN, 1).process(1002, OWN, 2).process(1003, OWN, 3).process(1004, OWN, 4);
        Path folder = Files.createDirectories(shelf.folderOf(OWN));
        Files.writeString(folder.resolve("kernel-1001.json"), "{not json");
        Files.writeString(folder.resolve("kernel-1002.json"), RecordFormat.text(record(9999, 2)));
        Files.write(folder.resolve("kernel-1003.json"), new byte[RecordShelf.SIZE_LIMIT + 1]);
        Path pipe = folder.resolve("kernel-1004.json");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        Files.writeString(folder.resolve("notes.txt"), "not a record, not even counted");

        long start = System.nanoTime();
        ShelfListing listing = reader.list();

        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertEquals(List.of(), listing.kernels());
        assertEquals(4, listing.ignored().size(), listing.toString());
        assertTrue(listing.ignored().containsAll(List.of(new Ignored(folder.resolve("kernel-1001.json"), Ignored.Why.MALFORMED),
                new Ignored(folder.resolve("kernel-1002.json"), Ignored.Why.MALFORMED),
                new Ignored(folder.resolve("kernel-1003.json"), Ignored.Why.TOO_LARGE),
                new Ignored(pipe, Ignored.Why.NOT_A_FILE))), listing.toString());
    }

    @Test
    void aPipeSwappedInAfterTheLookIsGivenUpOnAtTheLimitRatherThanWaitedForForGood() throws Exception {
        Path pipe = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        long start = System.nanoTime();

        assertEquals(Optional.empty(), BoundedRead.read(pipe, 100, Duration.ofMillis(300)));

        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took >= 250 && took < 3000, took + " ms");
    }

    @Test
    void anotherUsersTextIsMadePrintableSoItCannotSteerTheReadersTerminal() throws Exception {
        proc.process(4242, OWN, 9000);
        shelf.publish(record(4242, 9000).toBuilder().notebook("\u001b[2J\u001b]0;pwned\u0007evil\u202e.ipynb").build());

        assertEquals(Optional.of("?[2J?]0;pwned?evil?.ipynb"), reader.read(4242).orElseThrow().record().notebook());
    }

    @Test
    void aParentOthersMayWriteToWithoutTheStickyBitIsNotReadAndSaysWhy() throws Exception {
        proc.process(4242, OWN, 9000);
        shelf.publish(record(4242, 9000));
        Files.setAttribute(parent, "unix:mode", 0777);

        ShelfListing listing = reader.list();

        assertEquals(List.of(), listing.kernels());
        assertEquals(Optional.empty(), reader.read(4242));
        assertTrue(listing.problem().orElseThrow().contains("lacks the sticky bit (chmod 1777 " + parent + ")"), listing.toString());
        Files.setAttribute(parent, "unix:mode", 01777);
        assertEquals(1, reader.list().kernels().size(), "sticky, as /dev/shm is: read again");
    }

    @Test
    void asRootAParentOrAFolderOwnedBySomeoneElseIsRefused() throws Exception {
        assumeTrue(OWN == 0, "needs root, to hand a folder to another uid (CI runs as root)");
        proc.process(4242, OWN, 9000);
        Path squatted = Files.createDirectories(shelf.folderOf(OWN));
        Files.setAttribute(squatted, "unix:uid", (int) OTHER);

        Publication.NotPublished refused = assertInstanceOf(Publication.NotPublished.class, shelf.publish(record(4242, 9000)));
        assertTrue(refused.why().contains("belongs to uid " + OTHER + ", not to this user"), refused.why());

        Files.setAttribute(squatted, "unix:uid", OWN);
        shelf.publish(record(4242, 9000));
        Files.setAttribute(parent, "unix:uid", (int) OTHER);
        assertTrue(reader.list().problem().orElseThrow().contains("belongs to uid " + OTHER + ", who could swap them"), reader.list().toString());
    }

    @Test
    void aLinkInPlaceOfTheUsersFolderIsNeitherFollowedNorWrittenThrough() throws Exception {
        proc.process(4242, OWN, 9000);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(shelf.folderOf(OWN), elsewhere);

        assertInstanceOf(Publication.NotPublished.class, shelf.publish(record(4242, 9000)));
        try (var files = Files.list(elsewhere)) {
            assertEquals(0, files.count());
        }
        assertEquals(List.of(new Ignored(shelf.folderOf(OWN), Ignored.Why.NOT_A_FILE)), reader.list().ignored());
    }

    @Test
    void onThisMachinesRealProcAProcessIsBelievedWhileItRunsAndNotOnceItEnded() throws Exception {
        RecordShelf real = new RecordShelf(parent, Path.of("/proc"), OWN);
        RecordReader realReader = real.reader(ProcessTable.system());
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            String identity = real.startIdentity(sleeper.pid()).orElseThrow();
            real.publish(KernelRecord.builder(sleeper.pid(), identity, "GpuMagics").startedAt(AT).build());

            assertEquals(sleeper.pid(), realReader.read(sleeper.pid()).orElseThrow().record().pid());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        assertEquals(Optional.empty(), realReader.read(sleeper.pid()));
        String text = Files.readString(real.folderOf(OWN).resolve("kernel-" + sleeper.pid() + ".json"), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"pid\":" + sleeper.pid()), "the record itself is still there: " + text);
    }
}
