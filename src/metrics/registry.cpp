#include "metrics/registry.hpp"

#include <prometheus/text_serializer.h>

#include "metrics/process_probe.hpp"

namespace sluice::metrics {

registry::registry(process_metrics process)
    // Throw, not Merge: a family registered twice is a bug in a probe, not something to hide.
    : registry_(
          std::make_shared<prometheus::Registry>(prometheus::Registry::InsertBehavior::Throw)) {
  if (process == process_metrics::on) process_ = std::make_unique<process_probe>();
}

registry::~registry() = default;

std::string registry::serialize() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  if (process_) {
    std::vector<prometheus::MetricFamily> own = process_->collect();
    families.insert(families.end(), std::make_move_iterator(own.begin()),
                    std::make_move_iterator(own.end()));
  }
  return prometheus::TextSerializer().Serialize(families);
}

bool registry::claim(const std::string& identity) {
  std::lock_guard lock(mutex_);
  return identities_.insert(identity).second;
}

void registry::release(const std::string& identity) {
  std::lock_guard lock(mutex_);
  identities_.erase(identity);
}

std::vector<double> exponential_buckets(double start, double factor, std::size_t count) {
  std::vector<double> bounds;
  bounds.reserve(count);
  double bound = start;
  for (std::size_t i = 0; i < count; ++i) {
    bounds.push_back(bound);
    bound *= factor;
  }
  return bounds;
}

std::vector<double> linear_buckets(double start, double width, std::size_t count) {
  std::vector<double> bounds;
  bounds.reserve(count);
  for (std::size_t i = 0; i < count; ++i) bounds.push_back(start + width * static_cast<double>(i));
  return bounds;
}

prometheus::Family<prometheus::Counter>& counter_family(prometheus::Registry& r,
                                                        const std::string& name,
                                                        const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(r);
}

prometheus::Family<prometheus::Gauge>& gauge_family(prometheus::Registry& r,
                                                    const std::string& name,
                                                    const std::string& help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(r);
}

prometheus::Family<prometheus::Histogram>& histogram_family(prometheus::Registry& r,
                                                            const std::string& name,
                                                            const std::string& help) {
  return prometheus::BuildHistogram().Name(name).Help(help).Register(r);
}

std::string identity_of(std::string_view kind, const std::vector<std::string_view>& values) {
  std::string out(kind);
  for (std::string_view v : values) {
    out.push_back('\x1f');
    out.append(v);
  }
  return out;
}

}  // namespace sluice::metrics
