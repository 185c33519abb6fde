package io.sluice.examples.maple;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The characters of the simulated overall ranking, served 200 a page ordered by level, then
 * experience. Pages are computed on demand from a seed (the same page always has the same rows), so
 * a population of millions costs no memory.
 *
 * <p>{@link #generated} makes every character up: levels fall with rank, and about 50% of
 * characters above level 61 and 5% of the rest have two-character names, as the original project
 * observed. {@link #fromNames} serves real names: the low-level file ({@code page,level,name}, the
 * seed's {@code low_level_data.csv}) keeps its names and levels, grouped by their original page,
 * and the high-level names file ({@code name} header), when given, fills the first pages; made-up
 * characters with names of three or more characters pad every page to 200.
 */
public final class MaplePopulation {
  public static final int PAGE_SIZE = 200;
  public static final int LOW_LEVEL = 61;

  static final String[] SYLLABLES =
      ("가 나 다 라 마 바 사 아 자 차 카 타 파 하 강 별 빛 솔 달 봄 단 솜 버 터 뿟 밥 헹 걸 심 텬 유 진 늘 새 벽"
              + " 은 결 윤 슬 초 록 민 준 서 연 지 호 도 태 양 구 름 람 꽃 잎 노 을 여 겨 울 해 랑 온 빈 찬"
              + " 김 이 박 최 정 한 오 신 류 홍 전 고 문 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 진 나"
              + " 미 소 희 영 수 경 현 혜 은 정 원 재 석 훈 성 우 빈 율 린 아 리 로 루 니 보 쿠 키 토 피 코"
              + " 똥 뿡 꿀 떡 빵 콩 팥 쌀 감 귤 밤 곰 늑 범 뱀 쥐 닭 개 말 용 학 독 칼 창 활 검 불 물 흙 돌 쇠")
          .split(" ");
  static final String[] LATIN = {"ark", "zen", "Lua", "Kai", "Miro", "nyx", "Orb", "Pix", "Rae"};
  static final String[][] CLASSES = {
    {"전사", "히어로"},
    {"전사", "팔라딘"},
    {"전사", "다크나이트"},
    {"마법사", "비숍"},
    {"마법사", "아크메이지(불,독)"},
    {"마법사", "아크메이지(썬,콜)"},
    {"궁수", "보우마스터"},
    {"궁수", "신궁"},
    {"도적", "나이트로드"},
    {"도적", "섀도어"},
    {"해적", "바이퍼"},
    {"해적", "캡틴"},
    {"기사단", "소울마스터"},
    {"영웅", "아란"},
    {"영웅", "에반"},
    {"노바", "카이저"},
    {"레프", "아델"}
  };
  static final String[] WORLDS = {
    "스카니아", "베라", "루나", "제니스", "크로아", "유니온", "엘리시움", "이노시스", "레드", "오로라", "아케인", "노바", "에오스", "핼리오스"
  };

  /** A page of the file-backed ranking: the real rows it keeps, with their levels. */
  private record FilePage(int sourcePage, List<String> names, List<Integer> levels) {}

  private final long seed;
  private final int lastPage;
  private final int generatedCharacters;
  private final List<List<String>> highPages;
  private final List<FilePage> lowPages;
  private final String description;

  private MaplePopulation(
      long seed,
      int generatedCharacters,
      List<List<String>> highPages,
      List<FilePage> lowPages,
      String description) {
    this.seed = seed;
    this.generatedCharacters = generatedCharacters;
    this.highPages = highPages;
    this.lowPages = lowPages;
    this.lastPage =
        generatedCharacters > 0
            ? (generatedCharacters + PAGE_SIZE - 1) / PAGE_SIZE
            : highPages.size() + lowPages.size();
    this.description = description;
  }

  /** {@code characters} made-up characters. */
  public static MaplePopulation generated(int characters, long seed) {
    if (characters < 1) {
      throw new IllegalArgumentException("characters must be at least 1, was " + characters);
    }
    return new MaplePopulation(
        seed,
        characters,
        List.of(),
        List.of(),
        String.format(Locale.ROOT, "%,d generated characters", characters));
  }

  /**
   * The real low-level names of {@code lowLevelFile} (no header: page, level, name) and, when
   * present, the high-level names of {@code highLevelFile} (header {@code name}).
   */
  public static MaplePopulation fromNames(
      Path lowLevelFile, Optional<Path> highLevelFile, long seed) throws IOException {
    List<FilePage> low = new ArrayList<>();
    int lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(lowLevelFile, StandardCharsets.UTF_8)) {
      String line;
      FilePage current = null;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", 3);
        int page;
        int level;
        try {
          page = Integer.parseInt(f[0].trim());
          level = Integer.parseInt(f[1].trim());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new IOException(
              lowLevelFile
                  + ":"
                  + lineNumber
                  + ": expected 'page,level,name' with whole numbers, found '"
                  + line
                  + "'");
        }
        if (f.length < 3 || f[2].isEmpty()) {
          throw new IOException(lowLevelFile + ":" + lineNumber + ": the name is missing");
        }
        if (current == null || current.sourcePage() != page) {
          current = new FilePage(page, new ArrayList<>(), new ArrayList<>());
          low.add(current);
        }
        if (current.names().size() == PAGE_SIZE) { // more rows than a page holds: next page
          current = new FilePage(page, new ArrayList<>(), new ArrayList<>());
          low.add(current);
        }
        current.names().add(f[2]);
        current.levels().add(level);
      }
    }
    List<List<String>> high = new ArrayList<>();
    if (highLevelFile.isPresent()) {
      List<String> names = new ArrayList<>();
      try (BufferedReader reader =
          Files.newBufferedReader(highLevelFile.get(), StandardCharsets.UTF_8)) {
        String header = reader.readLine();
        if (header == null || !header.trim().equals("name")) {
          throw new IOException(highLevelFile.get() + ":1: expected the header 'name'");
        }
        String line;
        while ((line = reader.readLine()) != null) {
          if (!line.isBlank()) {
            names.add(line.trim());
          }
        }
      }
      // about half of high-level characters have two-character names: 100 real names a page
      for (int i = 0; i < names.size(); i += PAGE_SIZE / 2) {
        high.add(names.subList(i, Math.min(names.size(), i + PAGE_SIZE / 2)));
      }
    }
    long lowNames = low.stream().mapToLong(p -> p.names().size()).sum();
    return new MaplePopulation(
        seed,
        0,
        high,
        low,
        String.format(
            Locale.ROOT,
            "%,d real low-level names from %s on %,d pages%s",
            lowNames,
            lowLevelFile,
            low.size(),
            highLevelFile
                .map(
                    h ->
                        String.format(
                            Locale.ROOT,
                            ", %,d high-level names from %s on the first %,d pages",
                            high.stream().mapToLong(List::size).sum(),
                            h,
                            high.size()))
                .orElse("")));
  }

  /** The last page with rows; later pages are empty. */
  public int lastPage() {
    return lastPage;
  }

  public String description() {
    return description;
  }

  /** The rows of {@code page} (1-based), or none past the last page. */
  public List<RankingRow> page(int page) {
    if (page < 1 || page > lastPage) {
      return List.of();
    }
    List<RankingRow> rows = generatedCharacters > 0 ? generatedPage(page) : filePage(page);
    rows.sort(
        Comparator.comparingInt(RankingRow::characterLevel)
            .thenComparingLong(RankingRow::characterExp)
            .reversed());
    List<RankingRow> ranked = new ArrayList<>(rows.size());
    long first = (long) (page - 1) * PAGE_SIZE + 1;
    for (int i = 0; i < rows.size(); i++) {
      ranked.add(rows.get(i).ranked(first + i));
    }
    return ranked;
  }

  /**
   * The ranking of the characters {@code keep} accepts (a world, a world type, a class): pages of
   * 200 of them in the overall order, ranked from 1 within it, as the API ranks a world.
   */
  public Filtered filtered(java.util.function.Predicate<RankingRow> keep) {
    return new Filtered(keep);
  }

  /**
   * A filtered ranking. Its pages are found by walking the overall pages once, in order,
   * remembering where each filtered page starts; a page is then read from its start.
   */
  public final class Filtered {
    private final java.util.function.Predicate<RankingRow> keep;
    private final List<int[]> starts = new ArrayList<>(); // {overall page, index in that page}
    private int walked;
    private long matched;

    private Filtered(java.util.function.Predicate<RankingRow> keep) {
      this.keep = keep;
    }

    /** The rows of filtered page {@code page} (1-based), or none past its last page. */
    public synchronized List<RankingRow> page(int page) {
      while (starts.size() < page && walked < lastPage) {
        walked++;
        List<RankingRow> overall = MaplePopulation.this.page(walked);
        for (int i = 0; i < overall.size(); i++) {
          if (keep.test(overall.get(i))) {
            if (matched % PAGE_SIZE == 0) {
              starts.add(new int[] {walked, i});
            }
            matched++;
          }
        }
      }
      if (page < 1 || page > starts.size()) {
        return List.of();
      }
      int[] start = starts.get(page - 1);
      List<RankingRow> rows = new ArrayList<>(PAGE_SIZE);
      long first = (long) (page - 1) * PAGE_SIZE + 1;
      for (int p = start[0]; p <= lastPage && rows.size() < PAGE_SIZE; p++) {
        List<RankingRow> overall = MaplePopulation.this.page(p);
        for (int i = p == start[0] ? start[1] : 0;
            i < overall.size() && rows.size() < PAGE_SIZE;
            i++) {
          if (keep.test(overall.get(i))) {
            rows.add(overall.get(i).ranked(first + rows.size()));
          }
        }
      }
      return rows;
    }
  }

  private List<RankingRow> generatedPage(int page) {
    List<RankingRow> rows = new ArrayList<>(PAGE_SIZE);
    long first = (long) (page - 1) * PAGE_SIZE + 1;
    long last = Math.min(generatedCharacters, first + PAGE_SIZE - 1);
    for (long rank = first; rank <= last; rank++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + rank);
      double f = (double) rank / generatedCharacters;
      int level = 1 + (int) Math.floor(284 * Math.pow(1 - f, 3));
      boolean two = random.nextDouble() < (level > LOW_LEVEL ? 0.5 : 0.05);
      long exp = (generatedCharacters - rank + 1) * 1000L + random.nextInt(1000);
      rows.add(character(random, two ? twoCharacterName(random) : longerName(random), level, exp));
    }
    return rows;
  }

  private List<RankingRow> filePage(int page) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + page);
    List<RankingRow> rows = new ArrayList<>(PAGE_SIZE);
    long base = (long) (lastPage - page + 1) * PAGE_SIZE; // experience falls page by page
    if (page <= highPages.size()) {
      List<String> names = highPages.get(page - 1);
      int top = 285 - (int) Math.round(200.0 * (page - 1) / Math.max(1, highPages.size()));
      for (int i = 0; i < PAGE_SIZE; i++) {
        int level = Math.max(LOW_LEVEL + 1, top - random.nextInt(3));
        String name = i < names.size() ? names.get(i) : longerName(random);
        rows.add(character(random, name, level, base * 1000 + random.nextInt(1_000_000)));
      }
      return rows;
    }
    FilePage source = lowPages.get(page - highPages.size() - 1);
    int fillerLevel = source.levels().stream().mapToInt(Integer::intValue).max().orElse(LOW_LEVEL);
    for (int i = 0; i < source.names().size(); i++) {
      rows.add(
          character(
              random,
              source.names().get(i),
              source.levels().get(i),
              base * 1000 + random.nextInt(1_000_000)));
    }
    while (rows.size() < PAGE_SIZE) {
      rows.add(
          character(
              random, longerName(random), fillerLevel, base * 1000 + random.nextInt(1_000_000)));
    }
    return rows;
  }

  private static RankingRow character(SplittableRandom random, String name, int level, long exp) {
    String[] cls = CLASSES[random.nextInt(CLASSES.length)];
    String world = WORLDS[random.nextInt(WORLDS.length)];
    String guild =
        random.nextDouble() < 0.3
            ? null
            : SYLLABLES[random.nextInt(SYLLABLES.length)]
                + SYLLABLES[random.nextInt(SYLLABLES.length)]
                + "길드";
    return new RankingRow(
        0, name, world, cls[0], cls[1], level, exp, random.nextInt(level * 3 + 1), guild);
  }

  public static String twoCharacterName(SplittableRandom random) {
    return SYLLABLES[random.nextInt(SYLLABLES.length)]
        + SYLLABLES[random.nextInt(SYLLABLES.length)];
  }

  /** A name of three to six characters (never two). */
  static String longerName(SplittableRandom random) {
    StringBuilder name = new StringBuilder();
    if (random.nextDouble() < 0.2) {
      name.append(LATIN[random.nextInt(LATIN.length)]);
      while (name.codePointCount(0, name.length()) < 3) {
        name.append(random.nextInt(10));
      }
      return name.toString();
    }
    int length = 3 + random.nextInt(4);
    for (int i = 0; i < length; i++) {
      name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
    }
    return name.toString();
  }
}
