// The one table of every check (sorted by slug when first used).
#include "lint/check_registry.hpp"

#include <algorithm>

namespace rulekit::lint {

namespace checks {
extern const CheckInfo kAppendDropsKeys;
extern const CheckInfo kAppendNoValues;
extern const CheckInfo kCompileWarning;
extern const CheckInfo kConditionSyntax;
extern const CheckInfo kDeprecatedEvtDir;
extern const CheckInfo kDeprecatedItem;
extern const CheckInfo kDuplicateKey;
extern const CheckInfo kEngineVersion;
extern const CheckInfo kExceptionNameNotUnique;
extern const CheckInfo kExceptionStructure;
extern const CheckInfo kFalcoAborts;
extern const CheckInfo kFieldArgument;
extern const CheckInfo kInvalidName;
extern const CheckInfo kInvalidOutput;
extern const CheckInfo kInvalidPriority;
extern const CheckInfo kInvalidTransformer;
extern const CheckInfo kInvalidValue;
extern const CheckInfo kListNameLiteral;
extern const CheckInfo kListShadowsMacro;
extern const CheckInfo kMacroLoop;
extern const CheckInfo kMissingKey;
extern const CheckInfo kNaComparison;
extern const CheckInfo kNoEvttype;
extern const CheckInfo kNotARulesFile;
extern const CheckInfo kOperatorTypeMismatch;
extern const CheckInfo kOutputPlaceholder;
extern const CheckInfo kOverrideStructure;
extern const CheckInfo kOverrideTargetMissing;
extern const CheckInfo kPluginVersion;
extern const CheckInfo kPriorityCase;
extern const CheckInfo kRedefinedSource;
extern const CheckInfo kUndefinedMacro;
extern const CheckInfo kUnknownField;
extern const CheckInfo kUnknownFilter;
extern const CheckInfo kUnknownKey;
extern const CheckInfo kUnknownSource;
extern const CheckInfo kUnusedList;
extern const CheckInfo kUnusedMacro;
extern const CheckInfo kYamlSyntax;
extern const CheckInfo kSkippedFile;
extern const CheckInfo kUnusedIgnore;
extern const CheckInfo kNewerThanTarget;
}  // namespace checks

const std::vector<const CheckInfo*>& all_checks() {
    static const std::vector<const CheckInfo*> table = [] {
        std::vector<const CheckInfo*> checks = {
        &checks::kAppendDropsKeys,
        &checks::kAppendNoValues,
        &checks::kCompileWarning,
        &checks::kConditionSyntax,
        &checks::kDeprecatedEvtDir,
        &checks::kDeprecatedItem,
        &checks::kDuplicateKey,
        &checks::kEngineVersion,
        &checks::kExceptionNameNotUnique,
        &checks::kExceptionStructure,
        &checks::kFalcoAborts,
        &checks::kFieldArgument,
        &checks::kInvalidName,
        &checks::kInvalidOutput,
        &checks::kInvalidPriority,
        &checks::kInvalidTransformer,
        &checks::kInvalidValue,
        &checks::kListNameLiteral,
        &checks::kListShadowsMacro,
        &checks::kMacroLoop,
        &checks::kMissingKey,
        &checks::kNaComparison,
        &checks::kNoEvttype,
        &checks::kNotARulesFile,
        &checks::kOperatorTypeMismatch,
        &checks::kOutputPlaceholder,
        &checks::kOverrideStructure,
        &checks::kOverrideTargetMissing,
        &checks::kPluginVersion,
        &checks::kPriorityCase,
        &checks::kRedefinedSource,
        &checks::kUndefinedMacro,
        &checks::kUnknownField,
        &checks::kUnknownFilter,
        &checks::kUnknownKey,
        &checks::kUnknownSource,
        &checks::kUnusedList,
        &checks::kUnusedMacro,
        &checks::kYamlSyntax,
        &checks::kSkippedFile,
        &checks::kUnusedIgnore,
        &checks::kNewerThanTarget,
        };
        std::sort(checks.begin(), checks.end(), [](const CheckInfo* a, const CheckInfo* b) { return a->slug < b->slug; });
        return checks;
    }();
    return table;
}

const CheckInfo* find_check(std::string_view slug) {
    const auto& table = all_checks();
    auto it = std::lower_bound(table.begin(), table.end(), slug,
                               [](const CheckInfo* c, std::string_view s) { return c->slug < s; });
    return it != table.end() && (*it)->slug == slug ? *it : nullptr;
}

}  // namespace rulekit::lint
