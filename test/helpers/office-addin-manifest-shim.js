/*
 * office-addin-mock needs only office-addin-manifest's OfficeApp enum, but importing the real
 * package under jest pulls in ESM-only dependencies; this CommonJS stand-in gives the enum.
 */
module.exports = {
  OfficeApp: {
    Excel: "excel",
    OneNote: "onenote",
    Outlook: "outlook",
    PowerPoint: "powerpoint",
    Project: "project",
    Word: "word",
  },
};
