#include "grammar/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <sstream>
#include <unordered_map>

namespace rulekit::grammar::yaml {

namespace {

const std::string kEmpty;

// Mirrors yaml-cpp's NodeBuilder: nodes in event order, anchors resolved to the anchored node.
class TreeBuilder : public YAML::EventHandler {
public:
    explicit TreeBuilder(Tree& tree) : tree_(tree) {}

    void OnDocumentStart(const YAML::Mark&) override { root_ = nullptr; }
    void OnDocumentEnd() override { tree_.documents.emplace_back(root_); }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        NodeData& n = make(NodeType::Null, mark, anchor);
        add(&n);
    }
    void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
        auto it = anchors_.find(anchor);
        add(it == anchors_.end() ? nullptr : it->second);
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        NodeData& n = make(NodeType::Scalar, mark, anchor);
        n.tag = tag;
        n.scalar = value;
        add(&n);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        open(NodeType::Sequence, mark, tag, anchor, style);
    }
    void OnSequenceEnd() override { stack_.pop_back(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        open(NodeType::Map, mark, tag, anchor, style);
    }
    void OnMapEnd() override { stack_.pop_back(); }

private:
    struct Frame {
        NodeData* node;
        const NodeData* pending_key = nullptr;
        bool key_given = false;
    };

    NodeData& make(NodeType type, const YAML::Mark& mark, YAML::anchor_t anchor) {
        NodeData& n = tree_.nodes.emplace_back();
        n.type = type;
        n.mark = mark;
        if (anchor != YAML::NullAnchor) anchors_[anchor] = &n;
        return n;
    }

    void open(NodeType type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
              YAML::EmitterStyle::value style) {
        NodeData& n = make(type, mark, anchor);
        n.tag = tag;
        n.flow = style == YAML::EmitterStyle::Flow;
        add(&n);
        stack_.push_back({&n});
    }

    void add(const NodeData* n) {
        if (stack_.empty()) {
            root_ = n;
            return;
        }
        Frame& top = stack_.back();
        if (top.node->type == NodeType::Sequence) {
            top.node->items.push_back(n);
        } else if (!top.key_given) {
            top.pending_key = n;
            top.key_given = true;
        } else {
            top.node->entries.emplace_back(top.pending_key, n);
            top.key_given = false;
        }
    }

    Tree& tree_;
    std::vector<Frame> stack_;
    const NodeData* root_ = nullptr;
    std::unordered_map<YAML::anchor_t, const NodeData*> anchors_;
};

}  // namespace

NodeType Node::Type() const { return data_ ? data_->type : NodeType::Undefined; }
const std::string& Node::Scalar() const { return data_ && data_->type == NodeType::Scalar ? data_->scalar : kEmpty; }
const std::string& Node::Tag() const { return data_ ? data_->tag : kEmpty; }
YAML::Mark Node::Mark() const { return data_ ? data_->mark : YAML::Mark::null_mark(); }
YAML::EmitterStyle::value Node::Style() const {
    return data_ && data_->flow ? YAML::EmitterStyle::Flow
                                : (data_ && (data_->type == NodeType::Map || data_->type == NodeType::Sequence)
                                       ? YAML::EmitterStyle::Block
                                       : YAML::EmitterStyle::Default);
}
size_t Node::size() const {
    if (!data_) return 0;
    if (data_->type == NodeType::Map) return data_->entries.size();
    if (data_->type == NodeType::Sequence) return data_->items.size();
    return 0;
}

Node Node::operator[](std::string_view key) const {
    if (!data_ || data_->type != NodeType::Map) return Node();
    for (const auto& [k, v] : data_->entries) {
        if (k && k->type == NodeType::Scalar && k->scalar == key) return Node(v);
    }
    return Node();
}

Node Node::operator[](size_t index) const {
    if (!data_ || data_->type != NodeType::Sequence || index >= data_->items.size()) return Node();
    return Node(data_->items[index]);
}

std::string Node::as_string() const {
    // yaml-cpp: an invalid node (the .first of a sequence item, say) throws InvalidNode.
    if (!data_) throw YAML::InvalidNode("");
    if (data_->type == NodeType::Null) return "null";
    if (!data_ || data_->type != NodeType::Scalar) throw YAML::TypedBadConversion<std::string>(Mark());
    return data_->scalar;
}

Node::iterator Node::begin() const { return iterator(data_, 0); }
Node::iterator Node::end() const { return iterator(data_, size()); }

void Node::iterator::load() {
    current_ = Entry();
    if (!data_) return;
    if (data_->type == NodeType::Sequence && index_ < data_->items.size()) {
        static_cast<Node&>(current_) = Node(data_->items[index_]);
    } else if (data_->type == NodeType::Map && index_ < data_->entries.size()) {
        current_.first = Node(data_->entries[index_].first);
        current_.second = Node(data_->entries[index_].second);
    }
}

std::shared_ptr<const Tree> load_all(const std::string& text) {
    auto tree = std::make_shared<Tree>();
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    TreeBuilder builder(*tree);
    while (parser.HandleNextDocument(builder)) {
    }
    return tree;
}

Document load(const std::string& text) {
    auto tree = load_all(text);
    Node root = tree->documents.empty() ? Node() : tree->documents.front();
    return {std::move(tree), root};
}

}  // namespace rulekit::grammar::yaml
