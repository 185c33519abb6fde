package io.sluice.connector.http;

import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SensorConnector;
import io.sluice.spi.spark.SparkSensor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The {@code http} sensor: waits until a URL answers the expected status (200 by default). */
public final class HttpSensorFactory implements SensorConnector {
  public static final Option<String> URL =
      Option.key("url")
          .stringType()
          .required()
          .description("The URL to GET, such as https://api.example.com/exports/${ds}/ready.");
  public static final Option<Integer> STATUS =
      Option.key("status").intType().defaultValue(200).description("The status that means ready.");
  public static final Option<Map<String, String>> HEADERS =
      Option.key("headers")
          .stringMapType()
          .noDefaultValue()
          .description("Request headers; secret values with ${secret:NAME}.");

  @Override
  public String id() {
    return "http";
  }

  @Override
  public String description() {
    return "Sensor: waits until a URL answers HTTP 200 (or the status given)";
  }

  @Override
  public List<Option<?>> sensorOptions() {
    return List.of(URL, STATUS, HEADERS);
  }

  @Override
  public SparkSensor createSensor(ResolvedOptions options) {
    String url = options.get(URL);
    int expected = options.get(STATUS);
    Map<String, String> headers = options.find(HEADERS).orElse(Map.of());
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return new SparkSensor() {
      @Override
      public String describe() {
        return "HTTP " + expected + " from " + url;
      }

      @Override
      public boolean poke(SparkSession spark, Map<String, String> services) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        try {
          return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()
              == expected;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    };
  }
}
