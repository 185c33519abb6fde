package io.sluice.connector.mongodb;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Rows as typed BSON documents: timestamps and dates as BSON dates, decimals as Decimal128, arrays
 * as arrays, structs and maps as nested documents (never a JSON string), nulls as null. With key
 * columns the document's {@code _id} is the key's value (one column) or a document of the key
 * columns (several), so writing a row again replaces the same document. A document MongoDB would
 * refuse (over 16 MiB, a field name with a leading {@code $} or a {@code .}) is not converted: its
 * reason is returned instead.
 */
final class BsonRows {
  /** MongoDB's largest document. */
  static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private BsonRows() {}

  /** A converted document, or why the row cannot be one. */
  record Converted(BsonDocument document, BsonValue id, String refusal) {
    boolean refused() {
      return refusal != null;
    }
  }

  static Converted convert(Row row, StructType schema, List<String> keys) {
    BsonDocument document;
    try {
      document = struct(row, schema, "");
    } catch (Refused e) {
      return new Converted(null, null, e.getMessage());
    }
    BsonValue id = null;
    if (keys.size() == 1) {
      id = document.get(keys.get(0));
    } else if (!keys.isEmpty()) {
      BsonDocument compound = new BsonDocument();
      keys.forEach(key -> compound.put(key, document.get(key)));
      id = compound;
    } else if (document.containsKey("_id")) {
      id = document.get("_id");
    }
    if (!keys.isEmpty()) {
      if (id == null || id.isNull()) {
        return new Converted(null, null, "key column " + keys + " is null: no _id to upsert on");
      }
      document.put("_id", id);
    }
    int size = size(document);
    if (size > MAX_DOCUMENT_BYTES) {
      return new Converted(
          null,
          null,
          "document of "
              + size
              + " bytes is over MongoDB's limit of "
              + MAX_DOCUMENT_BYTES
              + " bytes (16 MiB)");
    }
    return new Converted(document, id, null);
  }

  static int size(BsonDocument document) {
    return new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().remaining();
  }

  private static BsonDocument struct(Row row, StructType schema, String path) {
    BsonDocument document = new BsonDocument();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      String name = checkedName(fields[i].name(), path);
      document.put(
          name,
          row.isNullAt(i)
              ? BsonNull.VALUE
              : value(row.get(i), fields[i].dataType(), path + name + "."));
    }
    return document;
  }

  private static String checkedName(String name, String path) {
    if (name.startsWith("$")) {
      throw new Refused("field '" + path + name + "' starts with '$', which MongoDB reserves");
    }
    if (name.indexOf('.') >= 0) {
      throw new Refused("field '" + path + name + "' contains '.', which MongoDB reads as a path");
    }
    if (name.indexOf('\0') >= 0) {
      throw new Refused("field '" + path + name + "' contains a NUL character");
    }
    return name;
  }

  private static BsonValue value(Object value, DataType type, String path) {
    if (value == null) {
      return BsonNull.VALUE;
    }
    if (type instanceof StringType) {
      return new BsonString(value.toString());
    }
    if (type instanceof IntegerType || type instanceof ShortType || type instanceof ByteType) {
      return new BsonInt32(((Number) value).intValue());
    }
    if (type instanceof LongType) {
      return new BsonInt64(((Number) value).longValue());
    }
    if (type instanceof DoubleType || type instanceof FloatType) {
      return new BsonDouble(((Number) value).doubleValue());
    }
    if (type instanceof BooleanType) {
      return BsonBoolean.valueOf((Boolean) value);
    }
    if (type instanceof DecimalType) {
      BigDecimal decimal = (BigDecimal) value;
      try {
        return new BsonDecimal128(new Decimal128(decimal));
      } catch (NumberFormatException e) {
        throw new Refused(
            "field '" + trim(path) + "' holds " + decimal + ", which Decimal128 cannot hold");
      }
    }
    if (type instanceof TimestampType) {
      Instant instant = value instanceof java.sql.Timestamp t ? t.toInstant() : (Instant) value;
      return new BsonDateTime(instant.toEpochMilli());
    }
    if (type instanceof TimestampNTZType) {
      return new BsonDateTime(((LocalDateTime) value).toInstant(ZoneOffset.UTC).toEpochMilli());
    }
    if (type instanceof DateType) {
      LocalDate date = value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
      return new BsonDateTime(date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
    }
    if (type instanceof BinaryType) {
      return new BsonBinary(value instanceof ByteBuffer buffer ? bytes(buffer) : (byte[]) value);
    }
    if (type instanceof ArrayType array) {
      BsonArray result = new BsonArray();
      Iterable<?> items =
          value instanceof scala.collection.Seq<?> seq
              ? CollectionConverters.asJava(seq)
              : (List<?>) value;
      for (Object item : items) {
        result.add(value(item, array.elementType(), path));
      }
      return result;
    }
    if (type instanceof StructType struct) {
      return struct((Row) value, struct, path);
    }
    if (type instanceof MapType map) {
      BsonDocument result = new BsonDocument();
      Map<?, ?> entries =
          value instanceof scala.collection.Map<?, ?> scalaMap
              ? CollectionConverters.asJava(scalaMap)
              : (Map<?, ?>) value;
      for (Map.Entry<?, ?> entry : entries.entrySet()) {
        String key = checkedName(String.valueOf(entry.getKey()), path);
        result.put(key, value(entry.getValue(), map.valueType(), path + key + "."));
      }
      return result;
    }
    throw new Refused(
        "field '"
            + trim(path)
            + "' has type "
            + type.simpleString()
            + ", which has no BSON form here");
  }

  private static String trim(String path) {
    return path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /** Why a row cannot be a document. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
