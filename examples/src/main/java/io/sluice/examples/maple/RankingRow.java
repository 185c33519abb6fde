package io.sluice.examples.maple;

/**
 * One row of {@code GET /maplestory/v1/ranking/overall}, with the field names the API uses. {@code
 * characterGuildname} may be null.
 */
public record RankingRow(
    long ranking,
    String characterName,
    String worldName,
    String className,
    String subClassName,
    int characterLevel,
    long characterExp,
    int characterPopularity,
    String characterGuildname) {

  /** The same character at another place in a ranking. */
  public RankingRow ranked(long place) {
    return new RankingRow(
        place,
        characterName,
        worldName,
        className,
        subClassName,
        characterLevel,
        characterExp,
        characterPopularity,
        characterGuildname);
  }

  /** Names are counted in Unicode code points, as the pipeline's silver filter counts them. */
  public boolean twoCharacterName() {
    return characterName.codePointCount(0, characterName.length()) == 2;
  }
}
