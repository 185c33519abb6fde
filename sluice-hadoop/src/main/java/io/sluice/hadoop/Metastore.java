package io.sluice.hadoop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.TSetIpAddressProcessor;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportFactory;

/**
 * A Hive 2.3 Thrift metastore on 127.0.0.1 only, with its database in Derby files under a folder:
 * Hive's own handler ({@code HiveMetaStore.HMSHandler}) behind the Thrift server Hive's {@code
 * HiveMetaStore} main would start, except that Hive 2.3's main listens on every interface and has
 * no setting to change that. Run as a child process by the embedded Hive service.
 *
 * <p>Arguments: {@code PORT DIRECTORY WAREHOUSE}.
 */
public final class Metastore {
  private Metastore() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: Metastore PORT DIRECTORY WAREHOUSE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Path directory = Path.of(args[1]).toAbsolutePath();
    System.setProperty("derby.system.home", directory.toString());
    HiveConf conf = new HiveConf(Metastore.class);
    conf.set(
        "javax.jdo.option.ConnectionURL",
        "jdbc:derby:;databaseName=" + directory.resolve("metastore_db") + ";create=true");
    conf.set("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
    conf.set("datanucleus.schema.autoCreateAll", "true");
    conf.set("hive.metastore.schema.verification", "false");
    conf.set("hive.async.log.enabled", "false");
    conf.set("hive.metastore.warehouse.dir", args[2]);
    // Hive's default lives in hive-exec (the query engine), which is not here: Iceberg tables are
    // unpartitioned as far as the metastore knows, so partition expressions never reach it.
    conf.set(
        "hive.metastore.expression.proxy",
        "org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy");
    ThriftHiveMetastore.Iface handler = HiveMetaStore.newRetryingHMSHandler("sluice", conf, false);
    TServerSocket socket =
        new TServerSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    TThreadPoolServer.Args server =
        new TThreadPoolServer.Args(socket)
            .processor(new TSetIpAddressProcessor<>(handler))
            .transportFactory(new TTransportFactory())
            .protocolFactory(new TBinaryProtocol.Factory())
            .minWorkerThreads(4)
            .maxWorkerThreads(64);
    System.out.println("Hive metastore listening on 127.0.0.1:" + port);
    new TThreadPoolServer(server).serve();
  }
}
