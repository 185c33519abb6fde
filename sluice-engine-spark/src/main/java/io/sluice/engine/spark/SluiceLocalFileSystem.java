package io.sluice.engine.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} lakes and checkpoints) without a {@code chmod} process
 * per file: without Hadoop's native library, {@link RawLocalFileSystem} sets the permissions of
 * every file it creates by running {@code chmod}. That costs a fork for each data file and each
 * checksum file a write makes, and the forked process shares the terminal's process group, so the
 * Ctrl-C that asks a streaming run to stop after its micro-batch killed a {@code chmod} in the
 * middle of the batch and failed it. This one sets the same permissions through java.nio.
 */
public final class SluiceLocalFileSystem extends LocalFileSystem {
  public SluiceLocalFileSystem() {
    super(new NoForkRawLocalFileSystem());
    // No .crc file beside every data and metadata file: Iceberg's files are written once and
    // never changed, Parquet checks its own pages, and a second file per file doubled what a
    // micro-batch creates. Existing .crc files are not read either.
    setWriteChecksum(false);
    setVerifyChecksum(false);
  }

  /** {@link RawLocalFileSystem} whose permission changes are system calls, not processes. */
  static final class NoForkRawLocalFileSystem extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) { // not a POSIX file system: Hadoop's own way
        super.setPermission(p, permission);
      }
    }

    static Set<PosixFilePermission> posix(FsPermission permission) {
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      add(
          set,
          permission.getUserAction(),
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
      add(
          set,
          permission.getGroupAction(),
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);
      add(
          set,
          permission.getOtherAction(),
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
      return set;
    }

    private static void add(
        Set<PosixFilePermission> set,
        FsAction action,
        PosixFilePermission read,
        PosixFilePermission write,
        PosixFilePermission execute) {
      if (action.implies(FsAction.READ)) {
        set.add(read);
      }
      if (action.implies(FsAction.WRITE)) {
        set.add(write);
      }
      if (action.implies(FsAction.EXECUTE)) {
        set.add(execute);
      }
    }
  }
}
