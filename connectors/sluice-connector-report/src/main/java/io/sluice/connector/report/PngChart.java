package io.sluice.connector.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** A bar chart drawn with Java2D (headless): grouped bars, axes, ticks and a legend. */
final class PngChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 480;
  private static final Color[] PALETTE = {
    new Color(0x54, 0x70, 0xc6),
    new Color(0x91, 0xcc, 0x75),
    new Color(0xfa, 0xc8, 0x58),
    new Color(0xee, 0x66, 0x66),
    new Color(0x73, 0xc0, 0xde)
  };

  private PngChart() {}

  static byte[] bar(Section section) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Section.Bars bars = section.bars();
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int left = 80;
      int right = WIDTH - 20;
      int top = 70;
      int bottom = HEIGHT - 70;
      double max = 0;
      for (List<Double> values : bars.series().values()) {
        for (double v : values) {
          max = Math.max(max, v);
        }
      }
      max = max <= 0 ? 1 : niceCeiling(max);
      g.setColor(new Color(0x22, 0x22, 0x22));
      Label.of(section.heading(), Font.BOLD, 16).draw(g, left, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      FontMetrics metrics = g.getFontMetrics();
      // grid and y ticks
      for (int i = 0; i <= 5; i++) {
        double value = max * i / 5;
        int y = bottom - (int) Math.round((bottom - top) * (double) i / 5);
        g.setColor(new Color(0xe6, 0xe6, 0xe6));
        g.drawLine(left, y, right, y);
        g.setColor(new Color(0x55, 0x55, 0x55));
        String tick = format(value, max / 5 == Math.rint(max / 5));
        g.drawString(tick, left - 8 - metrics.stringWidth(tick), y + 4);
      }
      g.setColor(new Color(0x33, 0x33, 0x33));
      g.setStroke(new BasicStroke(1.2f));
      g.drawLine(left, bottom, right, bottom);
      int categories = Math.max(1, bars.categories().size());
      int seriesCount = Math.max(1, bars.series().size());
      double slot = (double) (right - left) / categories;
      double barWidth = Math.max(1, slot * 0.8 / seriesCount);
      int s = 0;
      for (Map.Entry<String, List<Double>> e : bars.series().entrySet()) {
        g.setColor(PALETTE[s % PALETTE.length]);
        for (int c = 0; c < e.getValue().size(); c++) {
          double v = e.getValue().get(c);
          int h = (int) Math.round((bottom - top) * v / max);
          int x = (int) Math.round(left + c * slot + slot * 0.1 + s * barWidth);
          g.fillRect(x, bottom - h, (int) Math.max(1, Math.floor(barWidth)), h);
        }
        // legend
        int lx = right - seriesCount * 130 + s * 130;
        g.fillRect(lx, 40, 14, 14);
        g.setColor(new Color(0x33, 0x33, 0x33));
        Label.of(e.getKey(), Font.PLAIN, 12).draw(g, lx + 20, 52);
        s++;
      }
      // x labels, thinned to fit
      g.setColor(new Color(0x55, 0x55, 0x55));
      int every = Math.max(1, (int) Math.ceil(categories * 48.0 / (right - left)));
      for (int c = 0; c < bars.categories().size(); c += every) {
        Label label = Label.of(bars.categories().get(c), Font.PLAIN, 12);
        label.draw(
            g, (int) Math.round(left + c * slot + slot / 2 - label.width(g) / 2.0), bottom + 18);
      }
      Label xName = Label.of(section.x().orElse(""), Font.PLAIN, 12);
      xName.draw(g, (left + right) / 2 - xName.width(g) / 2, bottom + 44);
      Label.of(section.yLabel().orElse(section.y().orElse("")), Font.PLAIN, 12)
          .draw(g, 10, top - 14);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static double niceCeiling(double value) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  /** A tick's value: whole numbers when every tick is one, else two decimals on every tick. */
  static String format(double value, boolean wholeTicks) {
    return wholeTicks && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", Math.round(value))
        : String.format(Locale.ROOT, "%.2f", value);
  }

  /**
   * A text and the font to draw it in: the logical sans-serif font when it can draw every
   * character, else the first installed font that can (Korean names on a server whose default fonts
   * have no Hangul, when a font such as Nanum or Noto CJK is installed), else the sans-serif font
   * with the characters it cannot draw replaced by '?' (and one warning per JVM).
   */
  record Label(String text, Font font) {
    static Label of(String text, int style, int size) {
      Font base = new Font(Font.SANS_SERIF, style, size);
      if (base.canDisplayUpTo(text) == -1) {
        return new Label(text, base);
      }
      for (String family : Fonts.installed()) {
        Font font = new Font(family, style, size);
        if (font.canDisplayUpTo(text) == -1) {
          return new Label(text, font);
        }
      }
      Fonts.warnOnce(text);
      return new Label(ascii(text), base);
    }

    /** Draws the text in its font with its baseline starting at (x, y). */
    void draw(Graphics2D g, int x, int y) {
      g.setFont(font);
      g.drawString(text, x, y);
    }

    /** The text's width in pixels. */
    int width(Graphics2D g) {
      return g.getFontMetrics(font).stringWidth(text);
    }
  }

  /** The installed font families, the usual CJK ones first; looked up once per JVM. */
  static final class Fonts {
    private static final java.util.logging.Logger LOG =
        java.util.logging.Logger.getLogger(PngChart.class.getName());
    private static final List<String> PREFERRED =
        List.of(
            "Noto Sans CJK KR",
            "Noto Sans KR",
            "NanumGothic",
            "NanumBarunGothic",
            "Malgun Gothic",
            "Apple SD Gothic Neo",
            "UnDotum",
            "Baekmuk Gulim",
            "Noto Sans CJK JP",
            "Noto Sans CJK SC",
            "WenQuanYi Zen Hei",
            "Droid Sans Fallback");
    private static volatile List<String> installed;
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED =
        new java.util.concurrent.atomic.AtomicBoolean();

    private Fonts() {}

    static List<String> installed() {
      List<String> families = installed;
      if (families == null) {
        List<String> all =
            List.of(
                java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment()
                    .getAvailableFontFamilyNames(Locale.ROOT));
        List<String> ordered = new java.util.ArrayList<>();
        PREFERRED.stream().filter(all::contains).forEach(ordered::add);
        all.stream().filter(f -> !PREFERRED.contains(f)).forEach(ordered::add);
        families = List.copyOf(ordered);
        installed = families;
      }
      return families;
    }

    static void warnOnce(String text) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.warning(
            "No installed font can draw '"
                + text
                + "'; the PNG charts show '?' for such characters (the HTML page shows them as"
                + " they are). Install a font that has them, such as fonts-noto-cjk or"
                + " fonts-nanum on Debian and Ubuntu");
      }
    }
  }

  /** Text a machine without CJK fonts can draw: other characters become '?'. */
  static String ascii(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> out.appendCodePoint(c < 0x2E80 ? c : '?'));
    return out.toString();
  }
}
