package lurch.isolation;

/** Where an output line came from: the program's stdout or stderr, or Lurch itself (progress). */
public enum Stream { STDOUT, STDERR, INFO }
