#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace sluice::metrics {

class process_probe;

/// Whether a registry's serialize() also reports the process_* metrics (CPU, memory, file
/// descriptors, start time; client_golang's names, read from /proc on every scrape).
enum class process_metrics : bool { off, on };

/// The process's metric registry. Owned by main() and shared with the HTTP /metrics route;
/// it must outlive every probe made from it. Thread-safe.
///
/// Each component's metric families are registered once, the first time a probe of that
/// kind asks for them (`families<T>()`); probes then add and remove their label sets.
class registry {
 public:
  /// Content-Type of `serialize()`'s output (Prometheus text format 0.0.4).
  static constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

  explicit registry(process_metrics process = process_metrics::on);
  ~registry();
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  /// Everything registered (and the process metrics), in the text exposition format.
  std::string serialize() const;

  std::shared_ptr<prometheus::Registry> prometheus_registry() const { return registry_; }

  /// The family set `Families` (constructible from `prometheus::Registry&`), built on first use.
  template <typename Families>
  Families& families() {
    std::lock_guard lock(mutex_);
    std::shared_ptr<void>& slot = families_[std::type_index(typeid(Families))];
    if (!slot) slot = std::make_shared<Families>(*registry_);
    return *static_cast<Families*>(slot.get());
  }

  /// Probes claim their identity (kind + label values) so that two live probes never share
  /// label sets: removing one would otherwise pull the series out from under the other.
  bool claim(const std::string& identity);
  void release(const std::string& identity);

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex mutex_;
  std::map<std::type_index, std::shared_ptr<void>> families_;
  std::set<std::string> identities_;
  std::unique_ptr<process_probe> process_;  // null when process metrics are off
};

/// `count` upper bounds start, start*factor, ... (Prometheus client_golang's ExponentialBuckets).
std::vector<double> exponential_buckets(double start, double factor, std::size_t count);
/// `count` upper bounds start, start+width, ... (client_golang's LinearBuckets).
std::vector<double> linear_buckets(double start, double width, std::size_t count);

/// Family builders for probes' family sets: name and help are mandatory, in that order.
prometheus::Family<prometheus::Counter>& counter_family(prometheus::Registry& r,
                                                        const std::string& name,
                                                        const std::string& help);
prometheus::Family<prometheus::Gauge>& gauge_family(prometheus::Registry& r,
                                                    const std::string& name,
                                                    const std::string& help);
prometheus::Family<prometheus::Histogram>& histogram_family(prometheus::Registry& r,
                                                            const std::string& name,
                                                            const std::string& help);

/// Joins label values into a probe identity; '\x1f' cannot appear in a validated name.
std::string identity_of(std::string_view kind, const std::vector<std::string_view>& values);

}  // namespace sluice::metrics
