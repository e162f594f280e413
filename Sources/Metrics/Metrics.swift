// Metrics: accuracy, precision/recall/F1, confusion matrices, comparison tables, plots.
