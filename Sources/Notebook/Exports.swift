// A notebook is a transcript: `Notebook.load` and `Replay` work on `Transcript`, so importing
// Notebook brings the transcript layer (parser, writer, masks) without a further import.
@_exported import Transcripts
