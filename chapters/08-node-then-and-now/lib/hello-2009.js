// The JavaScript module that the 2009 addon (and today's) stands for.
exports.hello = "world";
