package io.sluice.engine.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;

/**
 * The {@code file:} file system of Hadoop's FileContext API (what Structured Streaming writes its
 * checkpoints with) without a {@code chmod} process per file: {@link SluiceLocalFileSystem}'s
 * reasons, for the offset and commit logs that a micro-batch writes around its work.
 */
public final class SluiceLocalFs extends ChecksumFs {
  public SluiceLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(new Raw(uri, conf));
  }

  /** The raw local file system behind the checksums, as Hadoop's RawLocalFs but without forks. */
  static final class Raw extends DelegateToFileSystem {
    Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(
          FsConstants.LOCAL_FS_URI,
          new SluiceLocalFileSystem.NoForkRawLocalFileSystem(),
          conf,
          FsConstants.LOCAL_FS_URI.getScheme(),
          false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }
  }
}
