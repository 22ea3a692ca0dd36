#pragma once
// What a run of the history trained, read from its recorded command line: the Hugging Face
// model and dataset (--model, --dataset, or the text of --text / --corpus) and the method (full
// fine-tuning, LoRA with its rank, the built-in GPT, or another program), for the History's
// columns. One reading of the command line for every place that shows it.

#include <QString>

namespace catapult {

struct RunSubject {
    QString model;    // the model directory, or empty
    QString data;     // the dataset or text, or empty (the built-in corpus)
    QString method;   // "full fine-tuning", "LoRA r 8", "built-in GPT", or the program's name
};

RunSubject runSubject(const QString& commandLine);

}  // namespace catapult
