extension Help {
  /// `help language`: the syntax of a command line.
  public static func language() -> String {
    """
    The command language: one command per line, a verb first.

    words        separated by blanks; names use letters, digits, _ and - (movies.train, clf.lstm)
    key=value    an option; values are numbers (0.002, 1e-3), yes/no, names, lists (a,b,c),
                 quoted strings or paths
    "text"       a quoted string; \\" and \\\\ are a quote and a backslash inside it
    comments     a # outside quotes starts a comment to the end of the line
    a \\ at end   continues the command on the next line (the prompt shows ...> )
    variables    set NAME VALUE, then $NAME or ${NAME} anywhere in a later line (not in comments);
                 the value is read as if typed, so it may hold several words or options
    model specs  model NAME = LAYER opts | LAYER opts | ... [vocab=V], or model NEW = copy OLD;
                 a bare word after a layer type sets its first option (pool last);
                 model NEW = encoder LM | pool concat | dense out=2 starts from LM's layers below
                 its output head, with LM's weights (copied) and vocabulary
    scripts      source FILE runs a file of commands; save transcript FILE records this session
    help         help COMMAND shows usage, options with defaults and an example; help layers
                 lists the layer types; Tab completes commands, names, options and paths
    """
  }
}
