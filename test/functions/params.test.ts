import { describe, expect, it } from "vitest";
import { HttpRequest } from "@azure/functions";
import { booleanParam, continuationTokenParam, pageSizeParam, wantsHtml } from "../../functions/lib/params.js";
import { InvalidParameterError } from "../../functions/lib/http.js";

const req = (query: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  new HttpRequest({ method: "GET", url: "http://127.0.0.1/api/x", query, headers });

describe("wantsHtml", () => {
  it.each([
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", true], // a browser
    ["*/*", false], // curl
    ["", false],
    ["application/json", false],
    ["application/json;q=0.5, text/html", true],
    ["text/html;q=0.2, application/json;q=0.9", false],
    ["text/*", true],
    ["text/html;q=0", false],
  ])("Accept %j → html %s", (accept, expected) => {
    expect(wantsHtml(req({}, accept ? { accept } : {}))).toBe(expected);
  });

  it("lets ?format override Accept and refuses other formats", () => {
    expect(wantsHtml(req({ format: "json" }, { accept: "text/html" }))).toBe(false);
    expect(wantsHtml(req({ format: "HTML" }))).toBe(true);
    expect(() => wantsHtml(req({ format: "pdf" }))).toThrow(InvalidParameterError);
  });
});

describe("paging and flags", () => {
  it("accepts page sizes 1-100 and defaults to 20", () => {
    expect(pageSizeParam(req())).toBe(20);
    expect(pageSizeParam(req({ pageSize: "1" }))).toBe(1);
    expect(pageSizeParam(req({ pageSize: "100" }))).toBe(100);
    for (const pageSize of ["0", "101", "-1", "1e2", " 5"])
      expect(() => pageSizeParam(req({ pageSize }))).toThrow(/1 to 100/);
  });

  it("accepts the Tables SDK's token shape only", () => {
    const token = Buffer.from(JSON.stringify({ nextPartitionKey: "pk", nextRowKey: "rk" })).toString("base64");
    expect(continuationTokenParam(req({ continuationToken: token }))).toBe(token);
    const noRow = Buffer.from(JSON.stringify({ nextPartitionKey: "pk" })).toString("base64");
    expect(continuationTokenParam(req({ continuationToken: noRow }))).toBe(noRow);
    for (const bad of [
      Buffer.from('{"nextRowKey":"rk"}').toString("base64"),
      Buffer.from("null").toString("base64"),
      "%%%",
    ]) {
      expect(() => continuationTokenParam(req({ continuationToken: bad }))).toThrow(InvalidParameterError);
    }
  });

  it("reads booleans strictly", () => {
    expect(booleanParam(req({ force: "true" }), "force")).toBe(true);
    expect(booleanParam(req({ force: "0" }), "force")).toBe(false);
    expect(booleanParam(req(), "force")).toBe(false);
    expect(() => booleanParam(req({ force: "yes" }), "force")).toThrow(/true or false/);
  });
});
