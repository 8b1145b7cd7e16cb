package org.example.stwd.directory;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.example.stwd.security.HqPages;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The directory page ({@code /directory}) for HQ (security/HqPages). */
@Controller
public class DirectoryPage {

  private final HqPages pages;

  public DirectoryPage(HqPages pages) {
    this.pages = pages;
  }

  @GetMapping({"/directory", "/directory/"})
  public ResponseEntity<String> page(HttpServletRequest request) throws IOException {
    return pages.serve(request, "directory/index.html", "单位名录");
  }
}
