// Transfer: plans, vocabulary remapping, freezing, drift, checkpoints, vectors, pretraining.
import Training
