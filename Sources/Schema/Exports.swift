// The shared text formatting (suggestions, trimming, numbers) is part of every module that reads
// options, so layers and loaders that import Schema use it without a further import.
@_exported import TextFormatting
