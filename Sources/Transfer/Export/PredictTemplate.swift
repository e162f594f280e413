/// `predict.py` of an exported model: repl's `predict MODEL "text"` in PyTorch.
enum PredictTemplate {
  static let source = #"""
    #!/usr/bin/env python3
    """Prints the class probabilities of the exported model for each sentence, as repl's
    `predict MODEL "text"` does (tokenised by tokenizer.py, the same ids, the same softmax).

        python3 predict.py "a wonderful film" "the plot made no sense"
        python3 predict.py --json < sentences.txt          # one sentence per line, full precision
        python3 predict.py --checkpoint trained.safetensors "…"   # e.g. the checkpoint train_ddp.py wrote
    """

    import argparse
    import json
    import os
    import sys

    import torch
    from safetensors.torch import load_file

    HERE = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, HERE)
    from model import ReplModel  # noqa: E402
    from tokenizer import Encoder  # noqa: E402


    def load_model(checkpoint):
        model = ReplModel()
        model.load_state_dict(load_file(checkpoint))
        return model.eval()


    def probabilities(model, encoder, text):
        ids = encoder.encode(text)
        with torch.no_grad():
            logits = model(torch.tensor([ids]), torch.tensor([len(ids)]))
        return torch.softmax(logits[0].double(), dim=0).tolist()


    def main():
        parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("sentences", nargs="*", help="sentences (default: one per line on stdin)")
        parser.add_argument("--checkpoint", default=os.path.join(HERE, "model.safetensors"))
        parser.add_argument("--json", action="store_true", help="one JSON object per sentence, full precision")
        args = parser.parse_args()
        with open(os.path.join(HERE, "labels.json"), encoding="utf-8") as f:
            labels = json.load(f)
        if not labels:
            sys.exit("error: the model has no labels yet; train it on a labeled dataset before exporting")
        torch.set_num_threads(1)
        model = load_model(args.checkpoint)
        encoder = Encoder(HERE)
        sentences = args.sentences or [line.rstrip("\n") for line in sys.stdin]
        for text in sentences:
            p = probabilities(model, encoder, text)
            if args.json:
                print(json.dumps({"text": text, "probabilities": dict(zip(labels, p))}))
            else:
                best = max(range(len(p)), key=lambda i: p[i])
                print("%s  (%s)" % (labels[best], "  ".join("%s %.3f" % (l, v) for l, v in zip(labels, p))))


    if __name__ == "__main__":
        main()
    """#
}
