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
#include "http/routes.hpp"
#include "http/server.hpp"
#include "metrics/registry.hpp"

namespace {

struct options {
  std::string listen = "127.0.0.1:8261";
  std::string data_dir = "./sluice-data";
  std::string secret_key_path;
};

void usage(std::ostream& out) {
  out << "usage: sluice [--listen HOST:PORT] [--data-dir DIR] [--secret-key-path FILE]\n"
         "  --listen    address of the HTTP API, /metrics and /healthz (default 127.0.0.1:8261)\n"
         "  --data-dir  where registered sources and tasks are kept (default ./sluice-data)\n"
         "  --secret-key-path  file with the 64-hex-character AES-256 key of encrypted passwords\n"
         "              (as DM's secret-key-path; default: DM's pre-v8 fixed key)\n";
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
        !take("--secret-key-path", opt.secret_key_path)) {
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
  if (auto addr = sluice::http::parse_listen(opt.listen); !addr) {
    std::cerr << "sluice: --listen " << opt.listen << ": " << addr.error() << "\n";
    return 2;
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
  caf::actor_system sys{cfg};
  sys.await_actors_before_shutdown(false);
  sluice::metrics::registry metrics;
  auto server = sluice::actors::spawn_server(sys, opt.data_dir, opt.listen, &metrics);
  sluice::http::ctl_service ctl(sys, server, opt.listen);
  std::atomic<bool> ready{false};
  sluice::http::server http(
      sluice::http::router(sluice::http::sluice_routes(
          ctl, [&metrics] { return metrics.serialize(); }, [&ready] { return ready.load(); })),
      opt.listen);
  if (auto r = http.start(); !r) {
    std::cerr << "sluice: cannot listen on " << opt.listen << ": " << r.error() << "\n";
    std::_Exit(1);
  }
  ready = true;
  std::cerr << "sluice: listening on " << opt.listen << ", data dir " << opt.data_dir << "\n";

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
