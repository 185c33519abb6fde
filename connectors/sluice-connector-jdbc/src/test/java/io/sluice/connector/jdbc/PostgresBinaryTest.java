package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class PostgresBinaryTest {

  /** NUMERIC as PostgreSQL's numeric_send writes it: count, weight, sign, scale, digits. */
  @Test
  void numericsAreBase10000DigitsGroupedFromTheDecimalPoint() {
    assertThat(numeric("12.345")).containsExactly(2, 0, 0, 3, 12, 3450);
    assertThat(numeric("-0.001")).containsExactly(1, -1, 0x4000, 3, 10);
    assertThat(numeric("0.000")).containsExactly(0, 0, 0, 3);
    assertThat(numeric("99999.999")).containsExactly(3, 1, 0, 3, 9, 9999, 9990);
    assertThat(numeric("100000000")).containsExactly(1, 2, 0, 0, 1);
    assertThat(numeric("-123456789012345678901234567890.12"))
        .containsExactly(9, 7, 0x4000, 2, 12, 3456, 7890, 1234, 5678, 9012, 3456, 7890, 1200);
  }

  @Test
  void aRowIsItsFieldCountThenEachLengthAndValue() {
    Map<String, String> types = new LinkedHashMap<>();
    types.put("id", "BIGINT");
    types.put("name", "VARCHAR(16)");
    types.put("at", "TIMESTAMPTZ");
    types.put("day", "DATE");
    types.put("meta", "JSONB");
    types.put("missing", "TEXT");
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("name", DataTypes.StringType)
            .add("at", DataTypes.TimestampType)
            .add("day", DataTypes.DateType)
            .add("meta", DataTypes.StringType)
            .add("missing", DataTypes.StringType);
    PostgresBinary binary = PostgresBinary.of(schema, types).orElseThrow();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CopyBuffer out = new CopyBuffer(bytes);
    binary.write(
        new GenericInternalRow(
            new Object[] {
              7L,
              UTF8String.fromString("한"),
              946_684_800_000_001L, // 2000-01-01T00:00:00.000001Z
              10_958, // 2000-01-02
              UTF8String.fromString("{}"),
              null
            }),
        out);
    out.flush();
    ByteBuffer row = ByteBuffer.wrap(bytes.toByteArray());
    assertThat(row.getShort()).isEqualTo((short) 6);
    assertThat(row.getInt()).isEqualTo(8);
    assertThat(row.getLong()).isEqualTo(7L);
    assertThat(row.getInt()).isEqualTo(3); // 한 in UTF-8
    assertThat(new byte[] {row.get(), row.get(), row.get()}).isEqualTo("한".getBytes(UTF_8));
    assertThat(row.getInt()).isEqualTo(8);
    assertThat(row.getLong()).isEqualTo(1L); // microseconds from PostgreSQL's epoch
    assertThat(row.getInt()).isEqualTo(4);
    assertThat(row.getInt()).isEqualTo(1); // days from 2000-01-01
    assertThat(row.getInt()).isEqualTo(3);
    assertThat(new byte[] {row.get(), row.get(), row.get()}).containsExactly(1, '{', '}');
    assertThat(row.getInt()).isEqualTo(-1); // NULL
    assertThat(row.hasRemaining()).isFalse();
  }

  @Test
  void typesSetToSomethingElseAreNotEncoded() {
    StructType schema = new StructType().add("ratio", DataTypes.DoubleType);
    assertThat(PostgresBinary.of(schema, Map.of("ratio", "DOUBLE PRECISION"))).isPresent();
    assertThat(PostgresBinary.of(schema, Map.of("ratio", "NUMERIC(10,2)"))).isEmpty();
    StructType decimal = new StructType().add("amount", DataTypes.createDecimalType(10, 3));
    assertThat(PostgresBinary.of(decimal, Map.of("amount", "NUMERIC(10,3)"))).isPresent();
    assertThat(PostgresBinary.of(decimal, Map.of("amount", "NUMERIC(12,3)"))).isEmpty();
    StructType text = new StructType().add("ip", DataTypes.StringType);
    assertThat(PostgresBinary.of(text, Map.of("ip", "INET"))).isEmpty();
  }

  @Test
  void stringsLongerThanTheBufferGoThroughWhole() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CopyBuffer out = new CopyBuffer(bytes);
    String big = "x".repeat(100_000);
    out.writeInt(5).write(UTF8String.fromString(big)).writeShort(-1);
    out.flush();
    ByteBuffer written = ByteBuffer.wrap(bytes.toByteArray());
    assertThat(written.getInt()).isEqualTo(5);
    byte[] text = new byte[100_000];
    written.get(text);
    assertThat(new String(text, UTF_8)).isEqualTo(big);
    assertThat(written.getShort()).isEqualTo((short) -1);
  }

  private static final java.nio.charset.Charset UTF_8 = java.nio.charset.StandardCharsets.UTF_8;

  private static int[] numeric(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CopyBuffer out = new CopyBuffer(bytes);
    PostgresBinary.numeric(Decimal.apply(new BigDecimal(value)).toJavaBigDecimal(), out);
    out.flush();
    ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
    int length = buffer.getInt();
    assertThat(length).isEqualTo(buffer.remaining());
    int[] shorts = new int[length / 2];
    for (int i = 0; i < shorts.length; i++) {
      shorts[i] = buffer.getShort();
    }
    return shorts;
  }
}
