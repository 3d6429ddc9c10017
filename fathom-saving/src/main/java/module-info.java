/**
 * What Fathom's files are made of: {@link dev.fathom.saving.ConfigMap} (typed reads of a saved
 * config), {@link dev.fathom.saving.ConfigRegistry} (the names files give types), JSON, zip
 * archives, safetensors and atomic writes. Models, pipelines and preprocessors build their file
 * formats from these.
 */
module dev.fathom.saving {
    requires transitive dev.fathom.tensor;
    requires com.fasterxml.jackson.jr.ob;
    requires com.fasterxml.jackson.core;

    exports dev.fathom.saving;
}
