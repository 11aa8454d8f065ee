package dev.tailgate.cli;

import dev.tailgate.localapi.model.WhoIs;
import java.io.PrintWriter;

/** Prints an identity as aligned "label value" lines, the shape people grep. */
final class IdentityPrinter {
  private final LabelledLines out;

  IdentityPrinter(PrintWriter out) {
    this.out = new LabelledLines(out);
  }

  void print(String peer, WhoIs whois) {
    line("peer", peer);
    if (whois.isTagged()) {
      line("device", "tagged: " + String.join(", ", whois.node().tags()));
    } else {
      line(
          "user",
          whois.userProfile().loginName()
              + (whois.userProfile().displayName().isEmpty()
                  ? ""
                  : " (" + whois.userProfile().displayName() + ")"));
      line("user id", Long.toString(whois.userProfile().id()));
    }
    line(
        "node",
        whois.node().name().isEmpty()
            ? "(hidden: a device of a user the node is shared with)"
            : whois.node().name());
    line("node id", whois.node().stableId());
    line("tailnet", whois.node().tailnet().isEmpty() ? "(unknown)" : whois.node().tailnet());
    line("addresses", String.join(", ", whois.node().addresses()));
    if (whois.node().isSharedIn()) {
      line("shared by", "user id " + whois.node().sharer());
    }
    if (whois.node().isSharee()) {
      line("sharee", "an outside user reaching a node shared with them");
    }
    if (whois.capMap().isEmpty()) {
      line("capabilities", "(none)");
    } else {
      whois.capMap().grants().forEach((name, values) -> line("capability", name + " " + values));
    }
    out.flush();
  }

  private void line(String label, String value) {
    out.line(label, value);
  }
}
