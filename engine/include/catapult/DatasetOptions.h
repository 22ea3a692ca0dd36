#pragma once
// A dataset to fine-tune a Hugging Face model on (RecipeOptions::dataset): files or folders of
// JSON Lines, JSON, CSV/TSV, Parquet or text, in one of the formats below, prepared by the
// model's own tokenizer and chat template (engine/python/catapult/dataset.py).

#include <cstdint>
#include <string>
#include <vector>

namespace catapult {

enum class DatasetFormat { Auto, Text, PromptCompletion, Alpaca, Messages, ShareGpt };
// What happens to an example longer than the sequence length.
enum class Overlong { Truncate, Split };

struct DatasetOptions {
    std::vector<std::string> paths;            // empty: no dataset (the recipe trains on text)
    std::vector<std::string> validationPaths;  // held-out files; else validationSplit of the rows
    DatasetFormat format = DatasetFormat::Auto;
    std::string columns;                 // "prompt=question,completion=answer": other field names
    std::string chatTemplate = "auto";   // auto, model, chatml, llama3, none, or a Jinja file
    bool trainOnPrompt = false;          // the loss on every token, not only the completion's
    bool packing = false;                // examples concatenated into full windows (text always is)
    Overlong overlong = Overlong::Truncate;
    double validationSplit = 0;          // fraction of the rows held out for validation
    bool skipBadRows = false;            // leave bad rows out (counted) instead of refusing the dataset
    int64_t evalEvery = 0;               // steps between validations; 0: ten times a run and at the end

    bool any() const { return !paths.empty(); }
};

// The flag spellings (--dataset_format text, --overlong split).
const char* formatName(DatasetFormat format);
const char* overlongName(Overlong overlong);

}  // namespace catapult
