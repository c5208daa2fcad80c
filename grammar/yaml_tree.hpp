// A compact, read-only YAML tree built straight from yaml-cpp's parser events, with the subset
// of YAML::Node's interface the rules-file reader and the checks use (same names, same
// answers: tags, marks, flow style, first-key-wins lookup, duplicate keys kept in order).
// Why not YAML::LoadAll: its node graph (shared pointers, per-node memory holders) costs about
// a fifth of the whole load, and walking it again costs as much; this tree is a few vectors in
// one arena. Handles are plain pointers: the Tree must outlive them (RulesFile keeps it).
#pragma once

#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/mark.h>

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rulekit::grammar::yaml {

enum class NodeType { Undefined, Null, Scalar, Sequence, Map };

struct NodeData;

class Node {
public:
    Node() = default;
    explicit Node(const NodeData* data) : data_(data) {}

    bool IsDefined() const { return data_ != nullptr; }
    explicit operator bool() const { return IsDefined(); }
    NodeType Type() const;
    bool IsNull() const { return Type() == NodeType::Null; }
    bool IsScalar() const { return Type() == NodeType::Scalar; }
    bool IsSequence() const { return Type() == NodeType::Sequence; }
    bool IsMap() const { return Type() == NodeType::Map; }

    const std::string& Scalar() const;  // empty unless a scalar
    const std::string& Tag() const;
    YAML::Mark Mark() const;
    YAML::EmitterStyle::value Style() const;
    size_t size() const;  // entries of a map (duplicates included), items of a sequence

    // The value of the first entry whose key is the scalar `key`; undefined when none.
    Node operator[](std::string_view key) const;
    Node operator[](size_t index) const;  // a sequence item; undefined when out of range

    // yaml-cpp's as<std::string>(): a scalar's text, "null" for a null; an undefined node throws
    // YAML::InvalidNode and a collection YAML::TypedBadConversion<std::string> (with this
    // node's mark), with yaml-cpp's own messages.
    std::string as_string() const;

    // Iteration: a sequence yields its items; a map yields entries with .first/.second.
    struct Entry;
    class iterator;
    iterator begin() const;
    iterator end() const;

    bool operator==(const Node& other) const { return data_ == other.data_; }
    const NodeData* data() const { return data_; }

private:
    const NodeData* data_ = nullptr;
};

struct Node::Entry : Node {
    Node first, second;
};

struct NodeData {
    NodeType type = NodeType::Null;
    bool flow = false;
    std::string tag;
    std::string scalar;
    YAML::Mark mark;
    std::vector<const NodeData*> items;                                  // sequence
    std::vector<std::pair<const NodeData*, const NodeData*>> entries;    // map, in order
};

class Node::iterator {
public:
    using difference_type = std::ptrdiff_t;
    using value_type = Entry;
    using pointer = const Entry*;
    using reference = const Entry&;
    using iterator_category = std::forward_iterator_tag;

    iterator() = default;
    iterator(const NodeData* data, size_t index) : data_(data), index_(index) { load(); }
    reference operator*() const { return current_; }
    pointer operator->() const { return &current_; }
    iterator& operator++() {
        ++index_;
        load();
        return *this;
    }
    bool operator==(const iterator& o) const { return data_ == o.data_ && index_ == o.index_; }
    bool operator!=(const iterator& o) const { return !(*this == o); }

private:
    void load();
    const NodeData* data_ = nullptr;
    size_t index_ = 0;
    Entry current_;
};

// Every document of a stream, and the storage their nodes live in.
struct Tree {
    std::deque<NodeData> nodes;
    std::vector<Node> documents;
};

// Parses a whole stream like YAML::LoadAll: throws YAML::ParserException on a syntax error.
// (Inputs on which yaml-cpp never returns must be screened first: yaml_hazards.hpp.)
std::shared_ptr<const Tree> load_all(const std::string& text);

// One document, for tests and tools: the tree and its first document's root.
struct Document {
    std::shared_ptr<const Tree> tree;
    Node root;
};
Document load(const std::string& text);

}  // namespace rulekit::grammar::yaml
