package io.sluice.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsArrayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theArrayIsFoundOnItsPathAndKeptAsSentInTheMessage() throws Exception {
    String body =
        "{ \"meta\": {\"ranking\": [9], \"n\": {\"x\": [1, {\"y\": 2}]}},\n"
            + "  \"data\": { \"skip\": [[1], {\"a\": \"]\"}], \"items\": [\n"
            + "    {\"name\": \"가나\", \"level\": 61, \"tags\": [\"a\", \"b\"]},\n"
            + "    {\"name\": \"he said \\\"hi\\\"\", \"level\": null}, {} ] }, \"tail\": true }";
    ApiClient.Page page =
        RecordsArray.find(7, "http://api/x", utf8(body), List.of("data", "items"));
    assertThat(page.page()).isEqualTo(7);
    assertThat(page.count()).isEqualTo(3);
    JsonNode original = JSON.readTree(body).path("data").path("items");
    assertThat(JSON.readTree(page.records())).isEqualTo(original);
    JsonNode message = JSON.readTree(RecordsArray.message(7, "ran\"king", page.records()));
    assertThat(message.path("page").asLong()).isEqualTo(7);
    assertThat(message.path("ran\"king")).isEqualTo(original);
    assertThat(message.size()).isEqualTo(2);
  }

  @Test
  void anEmptyArrayCountsNoRecords() {
    ApiClient.Page page =
        RecordsArray.find(3, "http://api/x", utf8("{\"ranking\":[]}"), List.of("ranking"));
    assertThat(page.count()).isZero();
    assertThat(new String(page.records(), StandardCharsets.UTF_8)).isEqualTo("[]");
  }

  @Test
  void aMissingArrayOrABodyThatIsNotJsonIsRefusedWithTheAddress() {
    assertThatThrownBy(
            () ->
                RecordsArray.find(
                    1, "http://api/p1", utf8("{\"ranking\": {\"a\": 1}}"), List.of("ranking")))
        .isInstanceOf(CrawlException.class)
        .hasMessageContaining("http://api/p1")
        .hasMessageContaining("without an array at $.ranking");
    assertThatThrownBy(
            () ->
                RecordsArray.find(1, "http://api/p1", utf8("{\"other\": []}"), List.of("ranking")))
        .hasMessageContaining("without an array at $.ranking");
    assertThatThrownBy(
            () ->
                RecordsArray.find(
                    1,
                    "http://api/p1",
                    utf8("{\"ranking\": [{\"a\": 1}, {\"a\""),
                    List.of("ranking")))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(
            () ->
                RecordsArray.find(
                    1, "http://api/p1", utf8("{\"ranking\": [1], \"x\": tru"), List.of("ranking")))
        .hasMessageContaining("not JSON");
  }
}
