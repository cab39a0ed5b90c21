// sluice: the server. Owns the actor system, the HTTP server and the process lifecycle.

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "actors/server.hpp"
#include "config/password.hpp"
#include "http/ctl_service.hpp"
#include "http/rest_service.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"
#include "metrics/registry.hpp"

namespace {

struct options {
  std::string listen = "127.0.0.1:8261";
  std::string data_dir = "./sluice-data";
  std::string secret_key_path;
  std::string auth_token_file;
  std::string auth_exempt = "/healthz,/readyz,/metrics";
  std::string tls_cert;
  std::string tls_key;
};

void usage(std::ostream& out) {
  out << "usage: sluice [--listen HOST:PORT] [--data-dir DIR] [--secret-key-path FILE]\n"
         "              [--auth-token-file FILE [--auth-exempt PATHS]] [--tls-cert FILE --tls-key FILE]\n"
         "  --listen    address of the HTTP API, /metrics and /healthz (default 127.0.0.1:8261)\n"
         "  --data-dir  where registered sources and tasks are kept (default ./sluice-data)\n"
         "  --secret-key-path  file with the 64-hex-character AES-256 key of encrypted passwords\n"
         "              (as DM's secret-key-path; default: DM's pre-v8 fixed key)\n"
         "  --auth-token-file  file holding a bearer token every request must send\n"
         "              (Authorization: Bearer TOKEN), except to --auth-exempt paths\n"
         "  --auth-exempt  comma-separated paths answered without the token\n"
         "              (default /healthz,/readyz,/metrics; \"\" exempts nothing)\n"
         "  --tls-cert, --tls-key  PEM certificate (chain) and private key: serve HTTPS only\n";
}

// Accepts "--flag value" and "--flag=value".
bool parse(int argc, char** argv, options& opt) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto take = [&](std::string_view flag, std::string& into) {
      if (arg == flag && i + 1 < argc) {
        into = argv[++i];
        return true;
      }
      if (arg.size() > flag.size() && arg.substr(0, flag.size()) == flag && arg[flag.size()] == '=') {
        into = std::string(arg.substr(flag.size() + 1));
        return true;
      }
      return false;
    };
    if (arg == "-h" || arg == "--help") {
      usage(std::cout);
      std::exit(0);
    }
    if (!take("--listen", opt.listen) && !take("--data-dir", opt.data_dir) &&
        !take("--secret-key-path", opt.secret_key_path) && !take("--auth-token-file", opt.auth_token_file) &&
        !take("--auth-exempt", opt.auth_exempt) && !take("--tls-cert", opt.tls_cert) &&
        !take("--tls-key", opt.tls_key)) {
      std::cerr << "sluice: unknown argument " << arg << "\n";
      usage(std::cerr);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  options opt;
  if (!parse(argc, argv, opt))
    return 2;
  auto addr = sluice::http::parse_listen(opt.listen);
  if (!addr) {
    std::cerr << "sluice: --listen " << opt.listen << ": " << addr.error() << "\n";
    return 2;
  }
  sluice::http::server_options http_options;
  http_options.listen = opt.listen;
  http_options.tls_cert_file = opt.tls_cert;
  http_options.tls_key_file = opt.tls_key;
  if (opt.tls_cert.empty() != opt.tls_key.empty()) {
    std::cerr << "sluice: --tls-cert and --tls-key go together\n";
    return 2;
  }
  if (!opt.auth_token_file.empty()) {
    auto token = sluice::http::read_token_file(opt.auth_token_file);
    if (!token) {
      std::cerr << "sluice: --auth-token-file: " << token.error() << "\n";
      return 2;
    }
    http_options.auth_token = std::move(*token);
    http_options.auth_exempt = sluice::http::split_list(opt.auth_exempt);
  } else if (addr->host.rfind("127.", 0) != 0) {
    std::cerr << "sluice: warning: listening on " << opt.listen
              << " without --auth-token-file: anyone who reaches this port controls sluice\n";
  }
  if (!opt.secret_key_path.empty()) {
    auto cipher = sluice::config::password_cipher::from_key_file(opt.secret_key_path);
    if (!cipher) {
      std::cerr << "sluice: " << cipher.error() << "\n";
      return 2;
    }
    sluice::config::set_active_password_cipher(*cipher);
  }
  // Signals are taken synchronously by main; every thread started later inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  caf::actor_system_config cfg;
  // Work sharing: idle scheduler threads block on a condition variable instead of polling with
  // short sleeps (work stealing's default), which cost more CPU than the pipeline itself.
  cfg.set("scheduler.policy", caf::atom("sharing"));
  caf::actor_system sys{cfg};
  sys.await_actors_before_shutdown(false);
  sluice::metrics::registry metrics;
  auto server = sluice::actors::spawn_server(sys, opt.data_dir, opt.listen, &metrics);
  sluice::http::ctl_service ctl(sys, server, opt.listen);
  sluice::http::rest_service rest(sys, server, ctl, opt.listen);
  std::atomic<bool> ready{false};
  sluice::http::server http(
      sluice::http::router(sluice::http::sluice_routes(
          ctl, rest, [&metrics] { return metrics.serialize(); }, [&ready] { return ready.load(); })),
      http_options);
  if (auto r = http.start(); !r) {
    std::cerr << "sluice: cannot listen on " << opt.listen << ": " << r.error() << "\n";
    std::_Exit(1);
  }
  ready = true;
  std::cerr << "sluice: listening on " << (opt.tls_cert.empty() ? "http://" : "https://") << opt.listen
            << ", data dir " << opt.data_dir
            << (http_options.auth_token.empty() ? "" : ", bearer token required") << "\n";

  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "sluice: signal " << sig << ": draining tasks\n";
  ready = false;
  ctl.shutdown();
  http.stop();
  std::cerr << "sluice: stopped\n";
  std::fflush(nullptr);
  std::_Exit(0);
}
