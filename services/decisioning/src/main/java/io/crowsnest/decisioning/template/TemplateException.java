package io.crowsnest.decisioning.template;

/** A template that does not parse, names something a decision does not offer, or fails to render. */
public class TemplateException extends RuntimeException {

    private final int line;
    private final int column;

    public TemplateException(int line, int column, String message) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** "line:column: message". */
    public String describe() {
        return line + ":" + column + ": " + getMessage();
    }
}
