/// `train_ddp.py` of an exported model: continues training under `torchrun` with
/// DistributedDataParallel and writes a checkpoint repl's `load` reads back.
enum TrainTemplate {
  static let source = #"""
    #!/usr/bin/env python3
    """Continues training the exported model on one or many processes with DistributedDataParallel
    (gloo on CPU, nccl on GPU), then writes a checkpoint that repl's `load NAME from FILE` reads back.

        torchrun --nproc_per_node=1 train_ddp.py --data train.tsv --epochs 2 --out trained.safetensors
        torchrun --nproc_per_node=4 train_ddp.py --data train.tsv --epochs 2 --out trained.safetensors
        torchrun --nnodes=2 --node_rank=0 --master_addr=HOST --nproc_per_node=8 train_ddp.py …   # two machines

    The data file is TSV with a header `label<TAB>text` (repl's `save DATASET to FILE.tsv` and
    `export … data=DATASET` write it). Every process reads it and trains on its own shard of each
    epoch (DistributedSampler); gradients are averaged across processes after every step, so N processes
    with --batch B train like one process with batch N×B. Frozen tensors of the repl model stay frozen.
    Only process 0 prints and writes the checkpoint: the repl metadata of model.safetensors (spec,
    vocabulary, labels, ...) with the new tensors, so `load clf2 from trained.safetensors` restores it.
    """

    import argparse
    import csv
    import json
    import os
    import sys
    import time

    import torch
    import torch.distributed as dist
    import torch.nn.functional as F
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file
    from torch.nn.parallel import DistributedDataParallel
    from torch.utils.data import DataLoader, DistributedSampler

    HERE = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, HERE)
    from model import ReplModel  # noqa: E402
    from tokenizer import Encoder  # noqa: E402


    def arguments():
        parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
        parser.add_argument("--data", default=os.path.join(HERE, "train.tsv"), help="TSV file: label<TAB>text")
        parser.add_argument("--checkpoint", default=os.path.join(HERE, "model.safetensors"), help="weights to start from")
        parser.add_argument("--out", default="trained.safetensors", help="checkpoint to write (process 0)")
        parser.add_argument("--epochs", type=int, default=1)
        parser.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: no limit)")
        parser.add_argument("--batch", type=int, default=32, help="examples per step on each process")
        parser.add_argument("--lr", type=float, default=1e-3, help="Adam learning rate")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--cpu", action="store_true", help="train on CPU (gloo) even when a GPU is present")
        return parser.parse_args()


    def read_examples(path, labels):
        """(label index, text) pairs from a TSV file with a `label<TAB>text` header."""
        if not os.path.isfile(path):
            sys.exit("error: no data file %s; export with data=DATASET, or pass --data FILE.tsv" % path)
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        if not rows or [c.strip() for c in rows[0][:2]] != ["label", "text"]:
            sys.exit("error: %s: the first line must be the header label<TAB>text" % path)
        rows = [r for r in rows[1:] if r and any(c.strip() for c in r)]
        if not labels:
            names = sorted({r[0].strip() for r in rows})
            numeric = all(n.lstrip("-").replace(".", "", 1).isdigit() for n in names)
            labels.extend(sorted(names, key=float) if numeric else names)
        index = {name: i for i, name in enumerate(labels)}
        examples = []
        for line, row in enumerate(rows, start=2):
            if len(row) < 2 or row[0].strip() not in index:
                sys.exit("error: %s:%d: expected a label of %s, a tab and the text" % (path, line, labels))
            examples.append((index[row[0].strip()], "\t".join(row[1:]).strip()))
        return examples


    def batches(examples, encoder, sampler, size):
        """Right-padded id batches with their lengths and labels, this process's shard."""
        encoded = [(encoder.encode(text), label) for label, text in examples]

        def collate(items):
            lengths = torch.tensor([len(ids) for ids, _ in items])
            ids = torch.zeros(len(items), int(lengths.max()), dtype=torch.long)
            for row, (seq, _) in enumerate(items):
                ids[row, : len(seq)] = torch.tensor(seq)
            return ids, lengths, torch.tensor([label for _, label in items])

        return DataLoader(encoded, batch_size=size, sampler=sampler, collate_fn=collate)


    def save(model, source, path, labels, epochs, note):
        """Process 0: the new tensors with the repl metadata of the checkpoint we started from, its
        history continued by these epochs (so `history NAME` shows them after `load`)."""
        with safe_open(source, framework="pt") as f:
            metadata = dict(f.metadata() or {})
        metadata.pop("checksum", None)  # the tensors changed; repl checks a checksum only when present
        metadata["labels"] = json.dumps(labels)
        history = json.loads(metadata.get("history", "[]"))
        first = history[-1]["epoch"] + 1 if history else 1
        history += [{"epoch": first + i, "trainLoss": loss, "trainAccuracy": accuracy, "partial": False}
                    for i, (loss, accuracy) in enumerate(epochs)]
        metadata["history"] = json.dumps(history, sort_keys=True, separators=(",", ":"))
        metadata["trained_by"] = note
        state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
        save_file(state, path, metadata=metadata)


    def processes(n):
        return "1 process" if n == 1 else "%d processes" % n


    def main():
        args = arguments()
        cuda = torch.cuda.is_available() and not args.cpu
        dist.init_process_group(backend="nccl" if cuda else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0))) if cuda else torch.device("cpu")
        if not cuda:
            torch.set_num_threads(1)
        torch.manual_seed(args.seed)
        with open(os.path.join(HERE, "labels.json"), encoding="utf-8") as f:
            labels = json.load(f)
        examples = read_examples(args.data, labels)
        model = ReplModel()
        model.load_state_dict(load_file(args.checkpoint))
        with safe_open(args.checkpoint, framework="pt") as f:
            frozen = set(json.loads((f.metadata() or {}).get("frozen", "[]")))
        for name, p in model.named_parameters():
            p.requires_grad = name not in frozen
        model.to(device)
        ddp = DistributedDataParallel(model, device_ids=[device.index] if cuda else None)
        optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
        sampler = DistributedSampler(examples, num_replicas=world, rank=rank, shuffle=True, seed=args.seed)
        loader = batches(examples, Encoder(HERE), sampler, args.batch)
        steps, started, losses = 0, time.time(), []
        for epoch in range(1, args.epochs + 1):
            sampler.set_epoch(epoch)
            ddp.train()
            total = torch.zeros(3, dtype=torch.float64, device=device)  # loss sum, correct, examples
            for ids, lengths, target in loader:
                ids, target = ids.to(device), target.to(device)
                optimizer.zero_grad()
                logits = ddp(ids, lengths.to(device))
                loss = F.cross_entropy(logits, target)
                loss.backward()
                optimizer.step()
                correct = float((logits.argmax(dim=1) == target).sum())
                total += torch.tensor([loss.item() * len(target), correct, len(target)], dtype=torch.float64, device=device)
                steps += 1
                if args.steps and steps >= args.steps:
                    break
            dist.all_reduce(total)
            losses.append((float(total[0] / total[2]), float(total[1] / total[2])))
            if rank == 0:
                print("epoch %d: loss %.4f  acc %.3f over %d examples on %s (%d steps so far)"
                      % (epoch, losses[-1][0], losses[-1][1], int(total[2]), processes(world), steps), flush=True)
            if args.steps and steps >= args.steps:
                break
        if rank == 0:
            note = "train_ddp.py: %s, %d steps, batch %d per process, lr %g, data %s" % (
                processes(world), steps, args.batch, args.lr, os.path.basename(args.data))
            save(model, args.checkpoint, args.out, labels, losses, note)
            print("trained %d steps on %s in %.1fs; loss %.4f -> %.4f; wrote %s"
                  % (steps, processes(world), time.time() - started, losses[0][0], losses[-1][0], args.out), flush=True)
        # Every rank waits for rank 0's save, so that no process tears the group down while another
        # still uses it (gloo aborts with "terminate called without an active exception").
        dist.barrier()
        dist.destroy_process_group()


    if __name__ == "__main__":
        main()
    """#
}
