package io.sluice.connector.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonType;
import org.junit.jupiter.api.Test;

class BsonRowsTest {
  private static final StructType AUTHOR =
      new StructType().add("name", DataTypes.StringType).add("votes", DataTypes.IntegerType);
  private static final StructType REVIEW =
      new StructType()
          .add("review_id", DataTypes.StringType)
          .add("title", DataTypes.StringType)
          .add("rating", DataTypes.IntegerType)
          .add("helpful", DataTypes.LongType)
          .add("score", DataTypes.createDecimalType(10, 4))
          .add("ratio", DataTypes.DoubleType)
          .add("spoiler", DataTypes.BooleanType)
          .add("reviewed_on", DataTypes.DateType)
          .add("ingested_at", DataTypes.TimestampType)
          .add("tags", DataTypes.createArrayType(DataTypes.StringType))
          .add("author", AUTHOR)
          .add("extra", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("note", DataTypes.StringType);

  private static Row review(String id, Object author, Object extra) {
    return new GenericRowWithSchema(
        new Object[] {
          id,
          "Game of Thrones",
          9,
          1234L,
          new BigDecimal("0.9876"),
          0.5,
          true,
          Date.valueOf("2019-05-20"),
          Timestamp.from(java.time.Instant.parse("2024-07-08T03:00:00Z")),
          scala.jdk.javaapi.CollectionConverters.asScala(List.of("s8", "finale")).toSeq(),
          author,
          extra,
          null
        },
        REVIEW);
  }

  private static Object extra(Map<String, String> map) {
    return scala.jdk.javaapi.CollectionConverters.asScala(map);
  }

  @Test
  void everyTypeHasItsBsonFormAndTheKeyIsTheId() {
    BsonRows.Converted converted =
        BsonRows.convert(
            review("rw1", RowFactory.create("ann", 3), extra(Map.of("lang", "en"))),
            REVIEW,
            List.of("review_id"));

    assertThat(converted.refused()).isFalse();
    BsonDocument doc = converted.document();
    assertThat(doc.get("_id")).isEqualTo(new BsonString("rw1"));
    assertThat(converted.id()).isEqualTo(new BsonString("rw1"));
    assertThat(doc.get("rating")).isEqualTo(new BsonInt32(9));
    assertThat(doc.get("helpful")).isEqualTo(new BsonInt64(1234));
    assertThat(doc.get("score")).isInstanceOf(BsonDecimal128.class);
    assertThat(doc.get("score").asDecimal128().getValue().bigDecimalValue())
        .isEqualByComparingTo("0.9876");
    assertThat(doc.get("ratio").getBsonType()).isEqualTo(BsonType.DOUBLE);
    assertThat(doc.get("spoiler").asBoolean().getValue()).isTrue();
    assertThat(doc.get("reviewed_on"))
        .isEqualTo(
            new BsonDateTime(java.time.Instant.parse("2019-05-20T00:00:00Z").toEpochMilli()));
    assertThat(doc.get("ingested_at"))
        .isEqualTo(
            new BsonDateTime(java.time.Instant.parse("2024-07-08T03:00:00Z").toEpochMilli()));
    assertThat(doc.get("tags"))
        .isEqualTo(new BsonArray(List.of(new BsonString("s8"), new BsonString("finale"))));
    // a struct is a nested document, not a JSON string (the seed's trap)
    assertThat(doc.get("author").getBsonType()).isEqualTo(BsonType.DOCUMENT);
    assertThat(doc.getDocument("author").get("votes")).isEqualTo(new BsonInt32(3));
    assertThat(doc.getDocument("extra").getString("lang").getValue()).isEqualTo("en");
    assertThat(doc.get("note").isNull()).isTrue();
  }

  @Test
  void severalKeysMakeADocumentId() {
    BsonRows.Converted converted =
        BsonRows.convert(
            review("rw1", RowFactory.create("ann", 3), extra(Map.of())),
            REVIEW,
            List.of("review_id", "rating"));
    assertThat(converted.id())
        .isEqualTo(
            new BsonDocument("review_id", new BsonString("rw1"))
                .append("rating", new BsonInt32(9)));
  }

  @Test
  void whatMongoDbWouldRefuseIsRefusedWithTheReason() {
    assertThat(
            BsonRows.convert(
                    review("rw1", RowFactory.create("ann", 3), extra(Map.of("$where", "x"))),
                    REVIEW,
                    List.of("review_id"))
                .refusal())
        .isEqualTo("field 'extra.$where' starts with '$', which MongoDB reserves");
    assertThat(
            BsonRows.convert(
                    review("rw1", RowFactory.create("ann", 3), extra(Map.of("a.b", "x"))),
                    REVIEW,
                    List.of("review_id"))
                .refusal())
        .isEqualTo("field 'extra.a.b' contains '.', which MongoDB reads as a path");
    assertThat(
            BsonRows.convert(
                    review(null, RowFactory.create("ann", 3), extra(Map.of())),
                    REVIEW,
                    List.of("review_id"))
                .refusal())
        .isEqualTo("key column [review_id] is null: no _id to upsert on");
    StructType big =
        new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    Row huge = new GenericRowWithSchema(new Object[] {"x", "a".repeat(17 * 1024 * 1024)}, big);
    assertThat(BsonRows.convert(huge, big, List.of("id")).refusal())
        .startsWith("document of 17825")
        .endsWith("bytes is over MongoDB's limit of 16777216 bytes (16 MiB)");
  }

  @Test
  void withoutKeysThereIsNoIdUnlessTheRowHasOne() {
    StructType schema =
        new StructType().add("_id", DataTypes.StringType).add("n", DataTypes.IntegerType);
    Row row = new GenericRowWithSchema(new Object[] {"a", 1}, schema);
    assertThat(BsonRows.convert(row, schema, List.of()).id()).isEqualTo(new BsonString("a"));
    StructType plain = new StructType().add("n", DataTypes.IntegerType);
    Row other = new GenericRowWithSchema(new Object[] {1}, plain);
    assertThat(BsonRows.convert(other, plain, List.of()).id()).isNull();
  }

  @Test
  void extraConnectionOptionsAreAppendedToTheUri() {
    assertThat(
            MongoSettings.withParameters(
                "mongodb://h:1", Map.of("tls", "true", "authSource", "admin")))
        .isEqualTo("mongodb://h:1/?authSource=admin&tls=true");
    assertThat(MongoSettings.withParameters("mongodb://h:1/db?w=1", Map.of("tls", "true")))
        .isEqualTo("mongodb://h:1/db?w=1&tls=true");
    assertThat(MongoSettings.withParameters("mongodb://h:1", Map.of())).isEqualTo("mongodb://h:1");
  }
}
