package org.example.stwd.support;

/** Text that people typed, put into the Markdown that the forms' text fields render. */
public final class Markdown {

  private Markdown() {}

  /** Keeps user text from being read as Markdown or HTML markup ({@code <script>} stays text). */
  public static String escape(String s) {
    return s == null ? "" : s.replaceAll("([\\\\`*_\\[\\]#<>|&])", "\\\\$1");
  }
}
