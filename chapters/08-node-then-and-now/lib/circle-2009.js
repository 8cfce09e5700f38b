// circle.js of the 2009 documentation, as it was written then: a CommonJS
// module that adds its functions to `exports`. PI stays private to the file.
var PI = 3.14;

exports.area = function (r) {
  return PI * r * r;
};

exports.circumference = function (r) {
  return 2 * PI * r;
};
