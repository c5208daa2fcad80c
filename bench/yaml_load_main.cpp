// rulekit_yaml_load FILE...: reads each file and YAML::LoadAll's it, nothing else. The
// whole-process baseline rulekit_lint_bench times `rulekit lint` against: what any tool that
// loads rules files with yaml-cpp pays per run (process start, dynamic linking, the load).
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    size_t documents = 0;
    for (int i = 1; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "rulekit_yaml_load: cannot read %s\n", argv[i]);
            return 2;
        }
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        try {
            documents += YAML::LoadAll(text).size();
        } catch (const YAML::Exception& e) {
            std::fprintf(stderr, "rulekit_yaml_load: %s: %s\n", argv[i], e.what());
            return 1;
        }
    }
    return documents > 0 ? 0 : 1;
}
