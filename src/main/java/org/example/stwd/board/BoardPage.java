package org.example.stwd.board;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.example.stwd.security.HqPages;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The campaign board page ({@code /board}) for HQ (security/HqPages): not logged in → to the
 * Camunda login (whose welcome page links back here); a user outside HQ → 403.
 */
@Controller
public class BoardPage {

  private final HqPages pages;

  public BoardPage(HqPages pages) {
    this.pages = pages;
  }

  @GetMapping({"/board", "/board/"})
  public ResponseEntity<String> board(HttpServletRequest request) throws IOException {
    return pages.serveReadable(request, "board/index.html", "活动看板");
  }
}
