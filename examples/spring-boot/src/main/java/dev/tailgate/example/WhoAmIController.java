package dev.tailgate.example;

import dev.tailgate.spring.TailscaleUser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WhoAmIController {

  /** Who is calling, as the starter hands it to a controller. */
  @GetMapping("/whoami")
  Map<String, Object> whoami(TailscaleUser user) {
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("login", user.login());
    who.put("name", user.displayName());
    who.put("node", user.nodeName());
    who.put("tags", user.tags());
    who.put("capabilities", user.capabilities().keySet());
    return who;
  }

  /** Only for tag:ci devices (the security chain says so too; this shows @PreAuthorize). */
  @GetMapping("/ci/builds")
  @PreAuthorize("hasAuthority('tag:ci')")
  String builds(@AuthenticationPrincipal TailscaleUser device) {
    return "builds for " + device.nodeName() + "\n";
  }

  /** Guarded by tailgate's own rule in application.properties: icing@github only. */
  @GetMapping("/admin")
  String admin(TailscaleUser user) {
    return "hello admin " + user.login() + "\n";
  }
}
