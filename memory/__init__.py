"""Visual memory: real-world knowledge kept as labelled embeddings, outside the model.

Store (add / remove / search / persist), search backends, voting rules, the KNN classifier,
exact privacy analysis and forgetting. Heavy optional dependencies (faiss, matplotlib) are
imported lazily by the parts that use them.
"""
from memory.classifier import KNNClassifier, KNNPrediction
from memory.store import MemoryRecord, MemoryStore, MemoryStoreError
from memory.voting import DistanceVote, PluralityVote, RankVote, SoftmaxVote, make_vote

__all__ = ["MemoryStore", "MemoryRecord", "MemoryStoreError", "KNNClassifier", "KNNPrediction",
           "SoftmaxVote", "PluralityVote", "DistanceVote", "RankVote", "make_vote"]
