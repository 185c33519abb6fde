package io.sluice.connector.jdbc;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * PostgreSQL's binary COPY format for rows in Spark's internal form: each value goes out as the
 * bytes the column type's receive function reads (no text to format on this side, none to parse on
 * the server's), strings as their UTF-8 bytes straight from Spark's memory. Only pairs of a Spark
 * type and a column type that the encoding is exact for are encoded ({@link #of}); any other column
 * makes the load use CSV.
 */
final class PostgresBinary implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The file header: signature, flags, header extension length. */
  static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  /** Days and microseconds from 1970-01-01 (Spark's epoch) to 2000-01-01 (PostgreSQL's). */
  static final int EPOCH_DAYS = 10_957;

  static final long EPOCH_MICROS = EPOCH_DAYS * 86_400_000_000L;

  /** How one column is encoded. */
  enum Kind {
    TEXT,
    JSONB,
    SMALLINT_FROM_BYTE,
    SMALLINT,
    INTEGER,
    BIGINT,
    REAL,
    DOUBLE,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    BYTEA,
    NUMERIC
  }

  private final Kind[] kinds;
  private final int[] precisions;
  private final int[] scales;

  private PostgresBinary(Kind[] kinds, int[] precisions, int[] scales) {
    this.kinds = kinds;
    this.precisions = precisions;
    this.scales = scales;
  }

  /**
   * The encoding for rows of {@code schema} into columns of {@code types} (name -> SQL type, in the
   * schema's order), or empty when a column's type is not one this encoding is exact for (a type
   * set in column_types, such as INET or NUMERIC for a double).
   */
  static Optional<PostgresBinary> of(StructType schema, Map<String, String> types) {
    StructField[] fields = schema.fields();
    Kind[] kinds = new Kind[fields.length];
    int[] precisions = new int[fields.length];
    int[] scales = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      DataType type = fields[i].dataType();
      String sql = types.get(fields[i].name());
      if (sql == null) {
        return Optional.empty();
      }
      Kind kind = kind(type, sql.trim().toUpperCase(Locale.ROOT));
      if (kind == null) {
        return Optional.empty();
      }
      kinds[i] = kind;
      if (type instanceof DecimalType decimal) {
        precisions[i] = decimal.precision();
        scales[i] = decimal.scale();
      }
    }
    return Optional.of(new PostgresBinary(kinds, precisions, scales));
  }

  /** Each Spark type's encoding, for columns of the type the sink creates for it. */
  private static final Map<DataType, Kind> KINDS =
      Map.ofEntries(
          Map.entry(DataTypes.ByteType, Kind.SMALLINT_FROM_BYTE),
          Map.entry(DataTypes.ShortType, Kind.SMALLINT),
          Map.entry(DataTypes.IntegerType, Kind.INTEGER),
          Map.entry(DataTypes.LongType, Kind.BIGINT),
          Map.entry(DataTypes.FloatType, Kind.REAL),
          Map.entry(DataTypes.DoubleType, Kind.DOUBLE),
          Map.entry(DataTypes.BooleanType, Kind.BOOLEAN),
          Map.entry(DataTypes.DateType, Kind.DATE),
          Map.entry(DataTypes.TimestampType, Kind.TIMESTAMP),
          Map.entry(DataTypes.TimestampNTZType, Kind.TIMESTAMP),
          Map.entry(DataTypes.BinaryType, Kind.BYTEA));

  /**
   * The encoding of {@code type} into a column of {@code sql} (upper case): strings into text-like
   * columns, any other type only into the column type the sink's DDL gives it.
   */
  private static Kind kind(DataType type, String sql) {
    if (type.equals(DataTypes.StringType)) {
      if (sql.equals("TEXT") || sql.startsWith("VARCHAR") || sql.equals("JSON")) {
        return Kind.TEXT;
      }
      return sql.equals("JSONB") ? Kind.JSONB : null;
    }
    Kind kind =
        type instanceof DecimalType decimal
            ? decimal.scale() >= 0 ? Kind.NUMERIC : null
            : KINDS.get(type);
    return kind != null
            && sql.replace(" ", "").equals(JdbcDialect.POSTGRESQL.sqlType(type).replace(" ", ""))
        ? kind
        : null;
  }

  /** Appends one row: its field count, then each field's length and bytes (-1: NULL). */
  void write(InternalRow row, CopyBuffer out) {
    out.writeShort(kinds.length);
    for (int i = 0; i < kinds.length; i++) {
      if (row.isNullAt(i)) {
        out.writeInt(-1);
        continue;
      }
      switch (kinds[i]) {
        case TEXT -> text(row.getUTF8String(i), out);
        case JSONB -> {
          UTF8String json = row.getUTF8String(i);
          out.writeInt(json.numBytes() + 1);
          out.writeByte(1); // jsonb's binary format version
          out.write(json);
        }
        case SMALLINT_FROM_BYTE -> out.writeInt(2).writeShort(row.getByte(i));
        case SMALLINT -> out.writeInt(2).writeShort(row.getShort(i));
        case INTEGER -> out.writeInt(4).writeInt(row.getInt(i));
        case BIGINT -> out.writeInt(8).writeLong(row.getLong(i));
        case REAL -> out.writeInt(4).writeInt(Float.floatToRawIntBits(row.getFloat(i)));
        case DOUBLE -> out.writeInt(8).writeLong(Double.doubleToRawLongBits(row.getDouble(i)));
        case BOOLEAN -> out.writeInt(1).writeByte(row.getBoolean(i) ? 1 : 0);
        case DATE -> out.writeInt(4).writeInt(row.getInt(i) - EPOCH_DAYS);
        case TIMESTAMP -> out.writeInt(8).writeLong(row.getLong(i) - EPOCH_MICROS);
        case BYTEA -> {
          byte[] bytes = row.getBinary(i);
          out.writeInt(bytes.length).write(bytes, 0, bytes.length);
        }
        case NUMERIC ->
            numeric(row.getDecimal(i, precisions[i], scales[i]).toJavaBigDecimal(), out);
      }
    }
  }

  private static void text(UTF8String text, CopyBuffer out) {
    out.writeInt(text.numBytes());
    out.write(text);
  }

  /**
   * NUMERIC's binary form: digit count, weight (the power of 10000 of the first digit), sign and
   * display scale, then the base-10000 digits, grouped from the decimal point.
   */
  static void numeric(BigDecimal value, CopyBuffer out) {
    int scale = Math.max(value.scale(), 0);
    BigDecimal exact = value.setScale(scale);
    int padded = (scale + 3) / 4 * 4; // the fraction as whole groups of four digits
    BigInteger digits = exact.unscaledValue().abs().multiply(BigInteger.TEN.pow(padded - scale));
    BigInteger base = BigInteger.valueOf(10_000);
    short[] groups = new short[digits.bitLength() / 13 + 2];
    int count = 0;
    while (digits.signum() > 0) {
      BigInteger[] division = digits.divideAndRemainder(base);
      groups[count++] = division[1].shortValue(); // least significant first
      digits = division[0];
    }
    int weight = count - 1 - padded / 4;
    int trailingZeros = 0;
    while (trailingZeros < count && groups[trailingZeros] == 0) {
      trailingZeros++;
    }
    int kept = count - trailingZeros;
    out.writeInt(8 + 2 * kept);
    out.writeShort(kept);
    out.writeShort(kept == 0 ? 0 : weight);
    out.writeShort(exact.signum() < 0 ? 0x4000 : 0);
    out.writeShort(scale);
    for (int i = count - 1; i >= trailingZeros; i--) {
      out.writeShort(groups[i]);
    }
  }
}
