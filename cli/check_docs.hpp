// The per-check docs pages (docs/checks/<slug>.md), embedded in the binary at build time by
// scripts/gen_check_docs.py so that `rulekit explain` works from an installed binary with no
// checkout beside it.
#pragma once

#include <span>
#include <string_view>

namespace rulekit::cli {

struct CheckDocPage {
    std::string_view slug;
    std::string_view markdown;  // the page exactly as written, starting with "# `<slug>`"
};

std::span<const CheckDocPage> check_doc_pages();  // sorted by slug
const CheckDocPage* find_check_doc(std::string_view slug);

}  // namespace rulekit::cli
