package io.sluice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSupervisorTest {
  private final List<String> events = new ArrayList<>();

  private ServiceSupervisor.Service service(String name) {
    return new ServiceSupervisor.Service(
        name,
        before -> {
          events.add("start " + name + " after " + before.keySet().stream().sorted().toList());
          return new ServiceSupervisor.Started() {
            @Override
            public Map<String, String> addresses() {
              return Map.of(name + ".url", "127.0.0.1:" + name.length());
            }

            @Override
            public void close() {
              events.add("stop " + name);
            }
          };
        });
  }

  private ServiceSupervisor.Service failing(String name) {
    return new ServiceSupervisor.Service(
        name,
        before -> {
          events.add("start " + name);
          throw new IllegalStateException(name + " cannot bind 127.0.0.1:9092");
        });
  }

  @Test
  void startsInOrderAndStopsInReverse() {
    try (ServiceSupervisor services =
        ServiceSupervisor.start(List.of(service("postgres"), service("kafka")), events::add)) {
      assertThat(services.addresses())
          .containsEntry("postgres.url", "127.0.0.1:8")
          .containsEntry("kafka.url", "127.0.0.1:5");
    }
    assertThat(events)
        .containsExactly(
            "start postgres after []",
            "start kafka after [postgres.url]",
            "stop kafka",
            "stop postgres");
  }

  @Test
  void aServiceThatFailsToStartStopsTheOnesStartedBeforeIt() {
    assertThatThrownBy(
            () ->
                ServiceSupervisor.start(
                    List.of(service("postgres"), service("api"), failing("kafka")), events::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("kafka cannot bind 127.0.0.1:9092");
    assertThat(events)
        .containsExactly(
            "start postgres after []",
            "start api after [postgres.url]",
            "start kafka",
            "stop api",
            "stop postgres");
  }

  @Test
  void aServiceThatFailsToStopDoesNotKeepTheOthersRunning() {
    ServiceSupervisor.Service stubborn =
        new ServiceSupervisor.Service(
            "stubborn",
            before ->
                new ServiceSupervisor.Started() {
                  @Override
                  public Map<String, String> addresses() {
                    return Map.of();
                  }

                  @Override
                  public void close() {
                    throw new IllegalStateException("port still in use");
                  }
                });
    ServiceSupervisor.start(List.of(service("postgres"), stubborn), events::add).close();
    assertThat(events)
        .containsExactly(
            "start postgres after []",
            "warning: a service did not stop cleanly: port still in use",
            "stop postgres");
  }
}
