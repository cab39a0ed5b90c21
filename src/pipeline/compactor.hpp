#pragma once
// DM's `compact` (syncers.compact: true), made safe: the changes a batch makes to one row collapse
// into the row's final state. For each identity the batch touches, either one DELETE (the row
// existed before and is gone at the end) or one upsert of its last image (INSERT ... ON DUPLICATE
// KEY UPDATE), deletes first; so a batch of N changes to a table becomes two statements however
// the changes interleave.
//
// Only where that cannot change the outcome: the table's identity is its one and only unique
// key (with a second unique key, the order in which rows free and take a value matters), and
// every image is whole (binlog_row_image=FULL). Otherwise the changes pass through unchanged.
// Triggers and ON DELETE CASCADE see the final state only, as with DM's compact.

#include <vector>

#include "pipeline/row_rewrite.hpp"

namespace sluice::pipeline {

/// `dmls`: one table's statements-to-be, in binlog order, as rewrite_row made them.
std::vector<dml> compact(const std::vector<dml>& dmls);

}  // namespace sluice::pipeline
