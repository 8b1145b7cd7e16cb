package org.example.stwd.notify;

import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a mail body from its two templates: {@code templates/mail/html/<name>.html} (the HTML
 * part) and {@code templates/mail/text/<name>.txt} (the plain-text alternative). The wording of
 * every mail lives in those templates; the code only supplies the model.
 */
@Component
public class MailTemplates {

  /** A rendered mail body. */
  public record Body(String text, String html) {}

  private final TemplateEngine html = engine("templates/mail/html/", ".html", TemplateMode.HTML);
  private final TemplateEngine text = engine("templates/mail/text/", ".txt", TemplateMode.TEXT);

  public Body render(String template, Map<String, Object> model) {
    Context context = new Context(Locale.SIMPLIFIED_CHINESE, model);
    return new Body(text.process(template, context), html.process(template, context));
  }

  private static TemplateEngine engine(String prefix, String suffix, TemplateMode mode) {
    ClassLoaderTemplateResolver resolver =
        new ClassLoaderTemplateResolver(MailTemplates.class.getClassLoader());
    resolver.setPrefix(prefix);
    resolver.setSuffix(suffix);
    resolver.setTemplateMode(mode);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    resolver.setCheckExistence(true);
    TemplateEngine engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    return engine;
  }
}
